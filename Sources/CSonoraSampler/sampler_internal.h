#ifndef SONORA_SAMPLER_INTERNAL_H
#define SONORA_SAMPLER_INTERNAL_H
// Shared between the handler side (sampler.c) and the collector side (unwind.c); not exported.

#include "CSonoraSampler.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <stddef.h>
#include <sys/types.h>

enum { SONORA_SLOT_FREE = 0, SONORA_SLOT_WRITING = 1, SONORA_SLOT_READY = 2 };
enum { SONORA_NREGS = 17 };  // libunwind's x86_64 numbering, RAX..R15 then RIP
/// The x86-64 System V red zone below SP, which signal delivery does not touch.
enum { SONORA_RED_ZONE = 128 };

/// Monotonic clock in nanoseconds (the handler's timestamps; the Swift side reads the same clock).
static inline uint64_t sonora_internal_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

// One sample in the pool. The copied stack bytes follow the header.
typedef struct sonora_slot {
    int32_t tid;
    int32_t weight;
    sonora_cpu_state cpu_state;
    bool bounds_known;
    /// The copy went through process_vm_readv (SP outside the known glibc stack).
    bool kernel_copy;
    uint64_t timestamp_ns;
    uint64_t handler_ns;
    uint64_t regs[SONORA_NREGS];
    uint64_t copy_base;     // where the copy starts: regs[RSP], or up to SONORA_RED_ZONE below it
    uint64_t copy_len;      // bytes copied from copy_base upward
    uint64_t stack_lo;      // known bounds, or 0 when unknown
    uint64_t stack_hi;
    uint64_t thread_pointer;  // %fs:0, glibc's pthread_t for the interrupted thread
} sonora_slot;

#define SONORA_SLOT_HEADER ((sizeof(sonora_slot) + 63) & ~(size_t)63)

// The pool, owned by sampler.c. Slot states live in one compact array, so the collector's scan
// reads a few cache lines instead of touching every slot's page.
sonora_slot *sonora_internal_slot(size_t index);
_Atomic uint32_t *sonora_internal_slot_state(size_t index);
size_t sonora_internal_slot_count(void);
/// Number of READY slots, so an idle collector does not scan at all.
extern _Atomic uint32_t sonora_internal_ready_count;
static inline const unsigned char *sonora_internal_slot_stack(const sonora_slot *slot) {
    return (const unsigned char *)slot + SONORA_SLOT_HEADER;
}

// The loaded-object snapshot, owned by objects.c and used only by the collector thread.
/// Whether [address, address + bytes) lies inside one snapshotted segment.
int sonora_internal_in_snapshot(uint64_t address, uint64_t bytes);
/// Shrinks the snapshot to what is still mapped if the loader unloaded anything since.
void sonora_internal_check_snapshot(void);
/// This process's pid, taken at each snapshot, for process_vm_readv.
extern pid_t sonora_internal_self_pid;
/// Flushes libunwind's cache (collector side; a no-op until libunwind is loaded).
void sonora_internal_flush_unwind_cache(void);
// The .eh_frame_hdr search-table entry (initial location, FDE, relative to *segbase) for `ip` in an
// object of the snapshot, and that object's executable segment [*start, *end). -1 when ip is in
// no listed object or before its first entry. Collector thread only (unwind_tables.c).
int sonora_internal_find_fde(uint64_t ip, uint64_t *start, uint64_t *end, uint64_t *segbase, int32_t entry[2]);
// Lists the objects' tables again at the next lookup; called with every unwind-cache flush.
void sonora_internal_forget_unwind_tables(void);
// Room for item `count` of a doubling array of `*capacity` items (`initial` when empty): `items`
// itself when it has room, else the reallocated array with *capacity updated, or NULL when
// realloc fails (then `items` and *capacity are unchanged). Never called in a signal handler.
void *sonora_internal_grow(void *items, size_t count, size_t *capacity, size_t item_size, size_t initial);
/// How many times libunwind's cache was flushed in this process.
uint64_t sonora_internal_unwind_cache_flushes(void);

// The stack-bounds table and the handler's per-thread cache, owned by bounds.c.
/// The calling thread's kernel id, cached per thread (handler side; fork-safe).
int32_t sonora_internal_handler_tid(void);
/// The calling thread `tid`'s bounds, from its per-thread cache while the table is unchanged.
int sonora_internal_handler_bounds(int32_t tid, uint64_t *lo, uint64_t *hi);
/// Registers the fork hook that invalidates cached thread ids in a child; call once.
void sonora_internal_register_fork_hook(void);

#endif
