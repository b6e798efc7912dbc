#ifndef CSONORA_BENCH_COUNTERS_H
#define CSONORA_BENCH_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>

/// Allocation totals since the counter was last enabled.
typedef struct {
    /// Calls that returned new memory: malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign.
    uint64_t allocations;
    /// Bytes requested by those calls.
    uint64_t bytes;
    /// Calls to free with a non-null pointer.
    uint64_t frees;
} sonora_alloc_counts;

/// Zeroes the totals and starts counting: on every thread, or only on the calling thread (then
/// concurrent work elsewhere in the process is not counted). Exists because only C can interpose
/// the allocator, and the counters it updates must stay private to it.
void sonora_alloc_counter_enable(bool calling_thread_only);

/// Stops counting; the totals keep their values.
void sonora_alloc_counter_disable(void);

/// Reads the totals: the calling thread's own (after a thread-only session it started), or the
/// whole process's.
sonora_alloc_counts sonora_alloc_counter_read(bool calling_thread_only);

/// Opens a per-thread user-space instruction counter with `perf_event_open`, which Swift cannot
/// call because `syscall` is variadic. Returns the file descriptor, or `-errno` on failure.
int sonora_perf_instructions_open(void);

/// Does nothing with `value`, opaquely: `blackHole` passes a value's address here so the optimizer must keep the
/// work that produced the value, without copying or destroying it. C because a body in another C translation
/// unit is invisible to every Swift and LLVM pass that builds a Swift module, in any optimization mode.
void sonora_black_hole(const void *value);

#endif
