// The stack-bounds table the signal handler reads, the per-thread cache that spares it a
// system call and a hash probe, and the collector-side lookup that fills the table.

#define _GNU_SOURCE
#include "CSonoraSampler.h"
#include "sampler_internal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

// Stack bounds, open addressing on tid. Written by one Swift thread at a time, read by handlers.
#define BOUNDS_CAPACITY 4096
#define BOUNDS_TOMBSTONE (-1)
typedef struct {
    _Atomic int32_t tid;
    _Atomic uint64_t lo;
    _Atomic uint64_t hi;
} bounds_entry;
static bounds_entry bounds_table[BOUNDS_CAPACITY];
// Bumped after every change to the table, so a thread's cached copy of its own bounds is
// trusted only while nothing changed since it was taken.
static _Atomic uint64_t bounds_generation = 1;

// Per-thread cache for the handler: the thread's kernel id and its bounds. In CPU mode the
// handler runs right after the tick that fired the timer, with cold caches, and a gettid system
// call there cost ~1.4 µs of a ~3.5 µs handler (0.3 µs in wall mode); the hash probe of the
// bounds table another ~0.3 µs. Initial-exec TLS is allocated with the thread, so it is safe to
// touch in a signal handler. A fork child gets new thread ids: `fork_generation` (bumped by a
// pthread_atfork child handler) invalidates every cached id.
typedef struct {
    uint64_t fork_generation;   // 0: empty
    int32_t tid;
    uint64_t bounds_generation;  // 0: no bounds cached
    uint64_t lo, hi;
} thread_cache;
static __thread thread_cache cached __attribute__((tls_model("initial-exec")));
static _Atomic uint64_t fork_generation = 1;
static void bump_fork_generation(void) { atomic_fetch_add(&fork_generation, 1); }

void sonora_internal_register_fork_hook(void) { pthread_atfork(NULL, NULL, bump_fork_generation); }

// MARK: - Stack bounds

// Looks up `tid`'s bounds without locks; returns 0 when unknown or changing under us.
static int bounds_lookup(int32_t tid, uint64_t *lo, uint64_t *hi) {
    uint32_t index = ((uint32_t)tid * 2654435761u) % BOUNDS_CAPACITY;
    for (int probe = 0; probe < BOUNDS_CAPACITY; probe++) {
        bounds_entry *entry = &bounds_table[(index + probe) % BOUNDS_CAPACITY];
        int32_t found = atomic_load_explicit(&entry->tid, memory_order_acquire);
        if (found == 0) return 0;
        if (found != tid) continue;
        *lo = atomic_load_explicit(&entry->lo, memory_order_relaxed);
        *hi = atomic_load_explicit(&entry->hi, memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        return atomic_load_explicit(&entry->tid, memory_order_relaxed) == tid && *hi > *lo;
    }
    return 0;
}

void sonora_sampler_set_stack_bounds(int32_t tid, uint64_t lo, uint64_t hi) {
    uint32_t index = ((uint32_t)tid * 2654435761u) % BOUNDS_CAPACITY;
    bounds_entry *reuse = NULL;
    for (int probe = 0; probe < BOUNDS_CAPACITY; probe++) {
        bounds_entry *entry = &bounds_table[(index + probe) % BOUNDS_CAPACITY];
        int32_t found = atomic_load(&entry->tid);
        if (found == tid) {
            // Hide the entry while it changes, so a handler never pairs an old lo with a new hi.
            atomic_store(&entry->tid, BOUNDS_TOMBSTONE);
            if (lo != 0 || hi != 0) {
                atomic_store(&entry->lo, lo);
                atomic_store(&entry->hi, hi);
                atomic_store(&entry->tid, tid);
            }
            atomic_fetch_add(&bounds_generation, 1);
            return;
        }
        if (found == BOUNDS_TOMBSTONE && reuse == NULL) reuse = entry;
        if (found == 0) {
            if (reuse == NULL) reuse = entry;
            break;
        }
    }
    if (lo == 0 && hi == 0) return;
    if (reuse == NULL) return;  // table full: the thread keeps copying through the kernel
    atomic_store(&reuse->lo, lo);
    atomic_store(&reuse->hi, hi);
    atomic_store(&reuse->tid, tid);
    atomic_fetch_add(&bounds_generation, 1);
}

int sonora_thread_stack_bounds(int32_t tid, uint64_t thread_handle, uint64_t *lo, uint64_t *hi) {
    pid_t pid = getpid();
    if (thread_handle == 0) return EINVAL;
    // The thread must still run, or its pthread_t may point at freed memory.
    if (syscall(SYS_tgkill, pid, tid, 0) != 0) return errno;
    // The handle must be readable memory (an exited thread's stack can be unmapped).
    uint64_t probe;
    struct iovec local = {&probe, sizeof probe};
    struct iovec remote = {(void *)(uintptr_t)thread_handle, sizeof probe};
    if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != (ssize_t)sizeof probe) return EFAULT;
    pthread_attr_t attributes;
    int result = pthread_getattr_np((pthread_t)thread_handle, &attributes);
    if (result != 0) return result;
    void *address = NULL;
    size_t size = 0;
    result = pthread_attr_getstack(&attributes, &address, &size);
    pthread_attr_destroy(&attributes);
    if (result != 0) return result;
    if (size == 0) return ERANGE;
    *lo = (uint64_t)(uintptr_t)address;
    *hi = *lo + size;
    return 0;
}

void sonora_sampler_clear_stack_bounds(void) {
    for (int i = 0; i < BOUNDS_CAPACITY; i++) {
        atomic_store(&bounds_table[i].tid, 0);
        atomic_store(&bounds_table[i].lo, 0);
        atomic_store(&bounds_table[i].hi, 0);
    }
    atomic_fetch_add(&bounds_generation, 1);
}

// The calling thread's id and bounds, from its cache when still valid. Handler side.
int32_t sonora_internal_handler_tid(void) {
    uint64_t generation = atomic_load_explicit(&fork_generation, memory_order_relaxed);
    if (cached.fork_generation != generation) {
        cached.tid = (int32_t)syscall(SYS_gettid);
        cached.fork_generation = generation;
        cached.bounds_generation = 0;
    }
    return cached.tid;
}

int sonora_internal_handler_bounds(int32_t tid, uint64_t *lo, uint64_t *hi) {
    // Read the generation before the table, so a change during the lookup invalidates it.
    uint64_t generation = atomic_load_explicit(&bounds_generation, memory_order_acquire);
    if (cached.bounds_generation == generation) {
        *lo = cached.lo;
        *hi = cached.hi;
        return *hi > *lo;
    }
    int found = bounds_lookup(tid, lo, hi);
    cached.lo = found ? *lo : 0;
    cached.hi = found ? *hi : 0;
    cached.bounds_generation = generation;
    return found;
}
