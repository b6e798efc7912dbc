#ifndef C_SONORA_SAMPLER_H
#define C_SONORA_SAMPLER_H

// The C half of Sonora's sampler: the signal handler that copies registers and the top of the
// stack into a preallocated slot pool, the per-thread timers and wall-mode signals that drive
// it, and the collector-side unwinder that walks each copy with libunwind's remote API.
// Everything else (thread discovery, /proc parsing, session state) is Swift.
//
// Every symbol carries the `sonora_` prefix. No mutable C global is visible to Swift: state lives
// behind these functions.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What the handler recorded for one sample, plus what the collector found while unwinding it.
typedef struct sonora_collected_sample {
    int32_t tid;
    /// `1 + si_overrun` for timer signals, 1 otherwise.
    int32_t weight;
    /// Wall mode: 1 on-CPU, 0 off-CPU; -1 when the signal did not carry the tag (CPU mode).
    int32_t on_cpu;
    /// 1 when SP lay inside the thread's known stack bounds (a plain memcpy); 0 when the bounds
    /// were unknown or did not hold SP, and the handler copied with process_vm_readv instead.
    int32_t bounds_known;
    /// The interrupted stack pointer.
    uint64_t sp;
    /// The interrupted thread's `pthread_t` (glibc's thread pointer), to look its bounds up.
    uint64_t thread_handle;
    uint64_t timestamp_ns;
    /// Time spent inside the signal handler for this sample.
    uint64_t handler_ns;
    /// Time the collector spent unwinding this sample.
    uint64_t unwind_ns;
    /// Number of addresses written, leaf first.
    int32_t depth;
    /// 0 libunwind remote, 1 frame-pointer fallback, 2 PC only.
    int32_t walker;
    /// The walk stopped at the copy limit or the depth limit.
    int32_t truncated;
    /// The walk wanted to read live stack beyond the copy.
    int32_t copy_limit_hit;
} sonora_collected_sample;

/// Counters the handler keeps; read them at any time.
typedef struct sonora_sampler_counters {
    /// Signals that produced a sample.
    uint64_t taken;
    /// Sampling periods lost: a full pool drops a signal's whole weight (`1 + si_overrun`).
    uint64_t dropped;
    /// Wall-mode signals the kernel accepted (`sonora_signal_thread`).
    uint64_t wall_sent;
    /// Wall-mode signals the handler saw; `wall_sent - wall_received` were coalesced or discarded.
    uint64_t wall_received;
} sonora_sampler_counters;

/// Allocates (or reuses) the slot pool for stacks of `copy_bytes` bytes. Call only while no
/// handler is installed. Returns 0 or an errno value.
int sonora_sampler_prepare(size_t copy_bytes, size_t slot_count);

/// Installs the handler for `signo` and activates sampling. Returns 0, `EBUSY` when another
/// handler (not SIG_DFL/SIG_IGN) owns the signal, or an errno value.
int sonora_sampler_install(int signo);

/// Deactivates sampling, waits for handlers in flight, discards pending `signo` signals and
/// restores the previous disposition. Timers and the wall thread must already be stopped.
void sonora_sampler_uninstall(int signo);

/// Reads the handler's counters.
sonora_sampler_counters sonora_sampler_counters_read(void);

/// Records a thread's stack bounds so the handler can clamp its copy; `lo == hi == 0` removes
/// them. Callers serialize writers themselves (the handler is the only concurrent reader).
void sonora_sampler_set_stack_bounds(int32_t tid, uint64_t lo, uint64_t hi);

/// Forgets every recorded stack bound.
void sonora_sampler_clear_stack_bounds(void);

/// Looks up the stack of thread `tid` whose `pthread_t` is `thread_handle` with
/// `pthread_getattr_np` (for the main thread glibc sizes it from `RLIMIT_STACK`). The thread must
/// be alive; a handle whose memory is unreadable is refused. Collector side only: never call it
/// from a signal handler. Returns 0 and `[lo, hi)`, or an errno value.
int sonora_thread_stack_bounds(int32_t tid, uint64_t thread_handle, uint64_t *lo, uint64_t *hi);

/// How many times libunwind's cache was flushed in this process: at every session start and
/// whenever the set of loaded objects changed.
uint64_t sonora_unwinder_cache_flushes(void);

/// Loads libunwind's remote API (`libunwind-x86_64.so.8`) with dlopen(RTLD_LOCAL) once per
/// process. Returns 0, or -1 with a message in `error`.
int sonora_unwinder_load(char *error, size_t error_size);

/// Snapshots the code and data of every object loaded now; only these are read with plain
/// loads while unwinding, and flushes libunwind's cache, which is keyed by address and would
/// otherwise unwind a library loaded where an unloaded one was with the old one's rules. Call at
/// session start, from the collector's side.
void sonora_unwinder_snapshot_objects(void);

/// Takes one ready sample from the pool, unwinds it into `addresses` (at most `max_depth`),
/// frees its slot and fills `out`. Returns 1 when a sample was collected, 0 when none is ready.
/// Only one thread may call it at a time.
int sonora_collect_one(sonora_collected_sample *out, uint64_t *addresses, int32_t max_depth);

/// Creates and arms a timer on `tid`'s CPU clock that sends `signo` to that thread every
/// `period_ns`. Returns 0 and the timer in `timer_out`, or an errno value.
int sonora_timer_start(int32_t tid, int signo, int64_t period_ns, uintptr_t *timer_out);

/// Deletes a timer made by `sonora_timer_start`.
void sonora_timer_stop(uintptr_t timer);

/// Wall mode: sends `signo` to thread `tid` tagged with whether it ran since its last sample
/// (`rt_tgsigqueueinfo`, which Swift cannot call). Returns 0 or an errno value.
int sonora_signal_thread(int32_t tid, int signo, int on_cpu);

/// CPU time consumed by thread `tid` of this process, in nanoseconds, or -1 if it is gone.
int64_t sonora_thread_cpu_ns(int32_t tid);

/// The calling thread's kernel id (`gettid`).
int32_t sonora_gettid(void);

/// Blocks (`block != 0`) or unblocks `signo` in the calling thread; returns 0 or an errno value.
int sonora_block_signal(int signo, int block);

/// Whether `signo` is a real-time signal (`SIGRTMIN...SIGRTMAX`, macros Swift cannot import).
int sonora_signal_is_realtime(int signo);

/// `SIGRTMIN`, the first real-time signal glibc leaves to applications.
int sonora_first_realtime_signal(void);

/// The handler currently installed for `signo`: 0 default, 1 ignored, 2 Sonora's, 3 another.
int sonora_signal_owner(int signo);

/// Names the calling thread (`pthread_setname_np`, a GNU extension Swift cannot see).
int sonora_set_thread_name(const char *name);

/// `pipe2(O_CLOEXEC | O_NONBLOCK)`; returns 0 or an errno value.
int sonora_make_pipe(int fds[2]);

/// Waits up to `nanoseconds` for `fd` to become readable (`ppoll`); returns 1 when readable.
int sonora_wait_readable(int fd, int64_t nanoseconds);

/// Monotonic clock in nanoseconds.
uint64_t sonora_now_ns(void);

#ifdef __cplusplus
}
#endif
#endif
