#ifndef C_SONORA_SAMPLER_H
#define C_SONORA_SAMPLER_H

// The C half of Sonora's sampler, and only what Swift cannot do: the signal handler that copies
// registers and the top of the stack into a preallocated slot pool (no Swift may run in a signal
// handler), the collector-side unwinder that walks each copy with libunwind's remote API (loaded
// with dlopen, called through C function pointers with C callbacks), and the few glibc calls
// Swift's Glibc module does not import (GNU extensions, variadic `syscall`). Timers, clocks,
// signal masks, thread discovery, /proc parsing and session state are Swift
// (Sources/SonoraProfiler/Capture).
//
// Every symbol carries the `sonora_` prefix; every constant shared with Swift is a C enum, used by
// name on both sides. No mutable C global is visible to Swift: state lives behind these functions.

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SONORA_CLOSED_ENUM __attribute__((enum_extensibility(closed)))

/// Which walker produced a sample's stack.
typedef enum SONORA_CLOSED_ENUM : int32_t {
    /// libunwind's remote API over the copied stack (the normal case).
    SONORA_WALKER_LIBUNWIND_REMOTE = 0,
    /// libunwind could not step from the leaf; the frame-pointer chain in the copy was longer.
    SONORA_WALKER_FRAME_POINTER = 1,
    /// Neither walked past the leaf: only the interrupted PC.
    SONORA_WALKER_PC_ONLY = 2,
} sonora_walker;

/// Whether the sampled thread was running, as the signal that sampled it said.
typedef enum SONORA_CLOSED_ENUM : int32_t {
    /// CPU mode: a CPU-clock timer fires only on a running thread, so the signal carries no tag.
    SONORA_CPU_STATE_UNKNOWN = -1,
    /// Wall mode: the thread ran less than half the interval since its previous signal.
    SONORA_CPU_STATE_OFF = 0,
    /// Wall mode: the thread ran at least half the interval.
    SONORA_CPU_STATE_ON = 1,
} sonora_cpu_state;

/// Who handles a signal now.
typedef enum SONORA_CLOSED_ENUM : int32_t {
    SONORA_SIGNAL_OWNER_DEFAULT = 0,
    SONORA_SIGNAL_OWNER_IGNORED = 1,
    /// Sonora's sampling handler.
    SONORA_SIGNAL_OWNER_SONORA = 2,
    /// A handler someone else installed (or the disposition could not be read).
    SONORA_SIGNAL_OWNER_OTHER = 3,
} sonora_signal_owner;

/// Slots `sonora_pool_prepare` faults in at every session start, so the handler, which takes the
/// lowest free slot, never page-faults while the backlog stays below this many samples (the
/// collector's pacing keeps it there).
enum { SONORA_POOL_WARM_SLOTS = 32 };

/// What the handler recorded for one sample, plus what the collector found while unwinding it.
typedef struct sonora_collected_sample {
    int32_t tid;
    /// `1 + si_overrun` for timer signals, 1 otherwise.
    int32_t weight;
    sonora_cpu_state cpu_state;
    /// SP lay inside the thread's known stack bounds (a plain memcpy); false when the bounds were
    /// unknown or did not hold SP, and the handler copied with process_vm_readv instead.
    bool bounds_known;
    /// The walk stopped at the copy limit or the depth limit.
    bool truncated;
    /// The walk wanted to read live stack beyond the copy.
    bool copy_limit_hit;
    sonora_walker walker;
    /// Number of addresses written, leaf first.
    int32_t depth;
    /// The interrupted stack pointer.
    uint64_t sp;
    /// The interrupted thread's `pthread_t` (glibc's thread pointer), to look its bounds up.
    uint64_t thread_handle;
    uint64_t timestamp_ns;
    /// Time spent inside the signal handler for this sample.
    uint64_t handler_ns;
    /// Time the collector spent unwinding this sample.
    uint64_t unwind_ns;
} sonora_collected_sample;

/// Counters the handler and the unwinder keep; read them at any time.
typedef struct sonora_sampler_counters {
    /// Signals that produced a sample.
    uint64_t taken;
    /// Sampling periods lost: a full pool drops a signal's whole weight (`1 + si_overrun`).
    uint64_t dropped;
    /// Wall-mode signals the kernel accepted (`sonora_signal_thread`).
    uint64_t wall_sent;
    /// Wall-mode signals the handler saw; `wall_sent - wall_received` were coalesced or discarded.
    uint64_t wall_received;
    /// Times libunwind's cache was flushed since the process started (not reset per session): at
    /// every session start and whenever the set of loaded objects changed.
    uint64_t unwinder_cache_flushes;
} sonora_sampler_counters;

// MARK: - The handler and its slot pool (C: they run inside a signal handler)

/// Allocates (or reuses) the slot pool for stacks of `copy_bytes` bytes and faults in its first
/// `SONORA_POOL_WARM_SLOTS` slots. Call only while no handler is installed. Returns 0 or an errno.
int sonora_pool_prepare(size_t copy_bytes, size_t slot_count);

/// Installs the handler for `signo` and activates sampling. Returns 0, `EBUSY` when another
/// handler (not SIG_DFL/SIG_IGN) owns the signal, or an errno value.
int sonora_sampler_install(int signo);

/// Deactivates sampling, waits for handlers in flight, discards pending `signo` signals and
/// restores the previous disposition. Timers and the wall thread must already be stopped.
void sonora_sampler_uninstall(int signo);

/// Who handles `signo` now: C, because telling Sonora's handler apart needs its address.
sonora_signal_owner sonora_signal_owner_of(int signo);

/// Reads the counters, which live beside the handler that bumps them.
sonora_sampler_counters sonora_sampler_counters_read(void);

/// Records a thread's stack bounds in the table the handler reads to clamp its copy;
/// `lo == hi == 0` removes them. Callers serialize writers themselves (the handler is the only
/// concurrent reader).
void sonora_sampler_set_stack_bounds(int32_t tid, uint64_t lo, uint64_t hi);

/// Forgets every recorded stack bound (the table is the handler's, so it lives in C).
void sonora_sampler_clear_stack_bounds(void);

/// Wall mode: sends `signo` to thread `tid` tagged with `on_cpu` (`rt_tgsigqueueinfo`, which
/// needs the variadic `syscall`; the tag is the handler's private mark). Returns 0 or an errno.
int sonora_signal_thread(int32_t tid, int signo, bool on_cpu);

// MARK: - The collector's unwinder (C: libunwind's remote API takes C callbacks)

/// Loads libunwind's remote API (`libunwind-x86_64.so.8`) with dlopen(RTLD_LOCAL) once per
/// process. Returns 0, or -1 with a message in `error`.
int sonora_unwinder_load(char *error, size_t error_size);

/// Snapshots the code and data of every object loaded now; only these are read with plain
/// loads while unwinding, and flushes libunwind's cache, which is keyed by address and would
/// otherwise unwind a library loaded where an unloaded one was with the old one's rules. Call at
/// session start, from the collector's side.
void sonora_unwinder_snapshot_objects(void);

/// Takes one ready sample from the pool, unwinds it into `addresses` (at most `max_depth`),
/// frees its slot and fills `out`. Returns true when a sample was collected, false when none is
/// ready. Only one thread may call it at a time.
bool sonora_collect_one(sonora_collected_sample *out, uint64_t *addresses, int32_t max_depth);

// MARK: - glibc calls Swift's Glibc module does not import

/// Looks up the stack of thread `tid` whose `pthread_t` is `thread_handle` with
/// `pthread_getattr_np` (a GNU extension; for the main thread glibc sizes it from
/// `RLIMIT_STACK`). The thread must be alive (`tgkill`); a handle whose memory is unreadable
/// (`process_vm_readv`) is refused. Collector side only: never call it from a signal handler.
/// Returns 0 and `[lo, hi)`, or an errno value.
int sonora_thread_stack_bounds(int32_t tid, uint64_t thread_handle, uint64_t *lo, uint64_t *hi);

/// The calling thread's kernel id: glibc's `gettid` is not imported and `syscall` is variadic.
int32_t sonora_gettid(void);

/// Names the calling thread (`pthread_setname_np`, a GNU extension).
int sonora_set_thread_name(const char *name);

/// `pipe2(O_CLOEXEC | O_NONBLOCK)` (a GNU extension; `pipe` then `fcntl` would leave a window
/// in which a concurrent fork+exec inherits the descriptors). Returns 0 or an errno value.
int sonora_make_pipe(int fds[2]);

/// Waits up to `nanoseconds` for `fd` to become readable (`ppoll`, a GNU extension; `poll`
/// counts whole milliseconds, too coarse for wall mode's sub-millisecond periods). Returns true
/// when readable.
bool sonora_wait_readable(int fd, int64_t nanoseconds);

#ifdef __cplusplus
}
#endif
#endif
