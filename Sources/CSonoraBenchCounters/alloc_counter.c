// Counts allocations by interposing the C allocator in the executable that links this file.
// Every call forwards to glibc's own entry points (__libc_malloc and friends), so the allocator
// itself is unchanged: counting costs one relaxed atomic load while disabled.
#include "CSonoraBenchCounters.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);
extern void __libc_free(void *pointer);

// 0: off; 1: every thread counts into the shared atomics; 2: only threads that enabled counting
// count, into their own thread-local totals.
static atomic_int sonora_counting_mode = 0;
static atomic_uint_fast64_t sonora_allocations = 0;
static atomic_uint_fast64_t sonora_bytes = 0;
static atomic_uint_fast64_t sonora_frees = 0;
static _Thread_local bool sonora_thread_counting = false;
static _Thread_local uint64_t sonora_thread_allocations = 0;
static _Thread_local uint64_t sonora_thread_bytes = 0;
static _Thread_local uint64_t sonora_thread_frees = 0;

// Records one allocation of `size` bytes while counting is on.
static inline void sonora_count_allocation(size_t size) {
    int mode = atomic_load_explicit(&sonora_counting_mode, memory_order_relaxed);
    if (mode == 0) {
        return;
    }
    if (mode == 1) {
        atomic_fetch_add_explicit(&sonora_allocations, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&sonora_bytes, size, memory_order_relaxed);
    } else if (sonora_thread_counting) {
        sonora_thread_allocations += 1;
        sonora_thread_bytes += size;
    }
}

// Records one free of a non-null pointer while counting is on.
static inline void sonora_count_free(void) {
    int mode = atomic_load_explicit(&sonora_counting_mode, memory_order_relaxed);
    if (mode == 1) {
        atomic_fetch_add_explicit(&sonora_frees, 1, memory_order_relaxed);
    } else if (mode == 2 && sonora_thread_counting) {
        sonora_thread_frees += 1;
    }
}

void sonora_alloc_counter_enable(bool calling_thread_only) {
    atomic_store(&sonora_allocations, 0);
    atomic_store(&sonora_bytes, 0);
    atomic_store(&sonora_frees, 0);
    sonora_thread_allocations = 0;
    sonora_thread_bytes = 0;
    sonora_thread_frees = 0;
    sonora_thread_counting = calling_thread_only;
    atomic_store(&sonora_counting_mode, calling_thread_only ? 2 : 1);
}

void sonora_alloc_counter_disable(void) {
    atomic_store(&sonora_counting_mode, 0);
    sonora_thread_counting = false;
}

sonora_alloc_counts sonora_alloc_counter_read(bool calling_thread_only) {
    sonora_alloc_counts counts;
    if (calling_thread_only) {
        counts.allocations = sonora_thread_allocations;
        counts.bytes = sonora_thread_bytes;
        counts.frees = sonora_thread_frees;
    } else {
        counts.allocations = atomic_load(&sonora_allocations);
        counts.bytes = atomic_load(&sonora_bytes);
        counts.frees = atomic_load(&sonora_frees);
    }
    return counts;
}

// The interposed allocator entry points: each counts, then forwards to glibc.

void *malloc(size_t size) {
    sonora_count_allocation(size);
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    sonora_count_allocation(count * size);
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    sonora_count_allocation(size);
    return __libc_realloc(pointer, size);
}

void free(void *pointer) {
    if (pointer != NULL) {
        sonora_count_free();
    }
    __libc_free(pointer);
}

void *memalign(size_t alignment, size_t size) {
    sonora_count_allocation(size);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    sonora_count_allocation(size);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) {
        return EINVAL;
    }
    sonora_count_allocation(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) {
        return ENOMEM;
    }
    *result = pointer;
    return 0;
}

void *valloc(size_t size) {
    sonora_count_allocation(size);
    return __libc_valloc(size);
}

void *pvalloc(size_t size) {
    sonora_count_allocation(size);
    return __libc_pvalloc(size);
}
