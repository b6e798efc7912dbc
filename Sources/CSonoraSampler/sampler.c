// The sampling signal handler, the slot pool it writes into, and the wall-mode signals that
// drive it (CPU mode's per-thread timers are Swift: ThreadCPUTimer). The stack-bounds table it
// reads is in bounds.c.
//
// The handler only copies: registers (memcpy'd out of the kernel's ucontext) and the top of the
// interrupted stack. It never calls libunwind, because libunwind takes glibc's loader lock via
// dl_iterate_phdr and the interrupted thread may already hold it (a self-deadlock a try-lock
// cannot prevent). No allocation, no locks, no stdio.

#define _GNU_SOURCE
#include "CSonoraSampler.h"
#include "sampler_internal.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include <pthread.h>

// MARK: - State (static: never visible to Swift)

static unsigned char *pool_base;
static size_t pool_bytes;
static size_t slot_stride;
static size_t slot_count;
static size_t copy_limit;
#define SONORA_MAX_SLOTS 1024
static _Atomic uint32_t slot_states[SONORA_MAX_SLOTS];
_Atomic uint32_t sonora_internal_ready_count;

static _Atomic int active;
static _Atomic int in_flight;
static _Atomic uint64_t counter_taken;
static _Atomic uint64_t counter_dropped;
static _Atomic uint64_t counter_wall_sent;
static _Atomic uint64_t counter_wall_received;
static struct sigaction previous_action;
static int installed_signo;
static pid_t self_pid;  // for the handler's process_vm_readv; set at install

// Wall-mode signals carry this marker in si_value so the handler can tell them apart.
#define SONORA_WALL_MARK 0x50000

sonora_slot *sonora_internal_slot(size_t index) {
    return (sonora_slot *)(pool_base + index * slot_stride);
}

_Atomic uint32_t *sonora_internal_slot_state(size_t index) { return &slot_states[index]; }

size_t sonora_internal_slot_count(void) { return slot_count; }

// MARK: - The pool

int sonora_pool_prepare(size_t copy_bytes, size_t count) {
    if (atomic_load(&active)) return EBUSY;
    if (count == 0 || count > SONORA_MAX_SLOTS) return EINVAL;
    size_t stride = SONORA_SLOT_HEADER + ((SONORA_RED_ZONE + copy_bytes + 63) & ~(size_t)63);
    size_t bytes = stride * count;
    if (bytes > pool_bytes) {
        // Grow only: reusing one pool across sessions keeps 10,000 start/stop cycles flat.
        if (pool_base != NULL) munmap(pool_base, pool_bytes);
        void *memory = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED) {
            pool_base = NULL;
            pool_bytes = 0;
            slot_count = 0;
            return errno;
        }
        pool_base = memory;
        pool_bytes = bytes;
    }
    slot_stride = stride;
    slot_count = count;
    // Fault in the first slots at every session start, not in the handler (a page fault there
    // costs microseconds): the handler reuses the lowest free slots and the collector's pacing
    // keeps the backlog below SONORA_POOL_WARM_SLOTS, so these are the slots it writes. One
    // write per page is enough; private anonymous pages then stay resident.
    size_t warm_bytes = stride * (count < SONORA_POOL_WARM_SLOTS ? count : SONORA_POOL_WARM_SLOTS);
    for (size_t offset = 0; offset < warm_bytes; offset += 4096) ((volatile unsigned char *)pool_base)[offset] = 0;
    copy_limit = copy_bytes;
    for (size_t i = 0; i < count; i++) atomic_store(&slot_states[i], SONORA_SLOT_FREE);
    atomic_store(&sonora_internal_ready_count, 0);
    atomic_store(&counter_taken, 0);
    atomic_store(&counter_dropped, 0);
    atomic_store(&counter_wall_sent, 0);
    atomic_store(&counter_wall_received, 0);
    return 0;
}

sonora_sampler_counters sonora_sampler_counters_read(void) {
    sonora_sampler_counters counters = {atomic_load(&counter_taken), atomic_load(&counter_dropped),
                                        atomic_load(&counter_wall_sent), atomic_load(&counter_wall_received),
                                        sonora_internal_unwind_cache_flushes()};
    return counters;
}

// MARK: - The handler

// Claims the lowest free slot. Slots are independent, so a handler stuck mid-copy holds only its
// own slot and never blocks other threads' samples or the collector. Taking the lowest free one
// keeps the few slots in use warm in cache and resident, instead of cycling through the pool.
static sonora_slot *claim_slot(void) {
    size_t count = slot_count;
    for (size_t i = 0; i < count; i++) {
        uint32_t expected = SONORA_SLOT_FREE;
        if (atomic_load_explicit(&slot_states[i], memory_order_relaxed) == SONORA_SLOT_FREE &&
            atomic_compare_exchange_strong_explicit(&slot_states[i], &expected, SONORA_SLOT_WRITING,
                                                    memory_order_acquire, memory_order_relaxed))
            return sonora_internal_slot(i);
    }
    return NULL;
}

// Copies `length` bytes from `sp` upward with process_vm_readv on this process, one iovec per
// page, so a stack whose bounds we do not know (sigaltstack, a coroutine, a stale bound) can
// never fault inside the handler: the kernel stops at the first unmapped page and the copy ends
// there. Returns the bytes copied.
static uint64_t checked_copy(unsigned char *destination, uint64_t sp, uint64_t length) {
    enum { MAX_PAGES = 66 };  // 256 KiB plus the partial pages at either end
    struct iovec local = {destination, (size_t)length};
    struct iovec remote[MAX_PAGES];
    int count = 0;
    uint64_t address = sp, end = sp + length;
    while (address < end && count < MAX_PAGES) {
        uint64_t page_end = (address | 4095) + 1;
        if (page_end > end) page_end = end;
        remote[count].iov_base = (void *)(uintptr_t)address;
        remote[count].iov_len = (size_t)(page_end - address);
        count++;
        address = page_end;
    }
    ssize_t copied = syscall(SYS_process_vm_readv, self_pid, &local, 1UL, remote, (unsigned long)count, 0UL);
    return copied > 0 ? (uint64_t)copied : 0;
}

static void sonora_handler(int signo, siginfo_t *info, void *context) {
    (void)signo;
    int saved_errno = errno;
    // seq_cst on both sides of the in_flight/active handshake (here and in uninstall): it is a
    // store-then-load pattern on two variables, which acquire/release alone does not order.
    atomic_fetch_add_explicit(&in_flight, 1, memory_order_seq_cst);
    if (!atomic_load_explicit(&active, memory_order_seq_cst)) goto out;

    int is_wall = info->si_code == SI_QUEUE && (info->si_value.sival_int & ~1) == SONORA_WALL_MARK;
    if (is_wall) atomic_fetch_add_explicit(&counter_wall_received, 1, memory_order_relaxed);
    int32_t weight = 1;
    if (info->si_code == SI_TIMER) weight = 1 + (info->si_overrun > 0 ? info->si_overrun : 0);

    uint64_t start = sonora_internal_now_ns();
    sonora_slot *slot = claim_slot();
    if (slot == NULL) {
        // A dropped sample loses every period it stood for.
        atomic_fetch_add_explicit(&counter_dropped, (uint64_t)weight, memory_order_relaxed);
        goto out;
    }
    const ucontext_t *uc = (const ucontext_t *)context;
    greg_t gregs[NGREG];
    memcpy(gregs, uc->uc_mcontext.gregs, sizeof gregs);  // never hand the kernel's ucontext on
    static const int order[SONORA_NREGS] = {
        REG_RAX, REG_RDX, REG_RCX, REG_RBX, REG_RSI, REG_RDI, REG_RBP, REG_RSP,
        REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15, REG_RIP};
    for (int i = 0; i < SONORA_NREGS; i++) slot->regs[i] = (uint64_t)gregs[order[i]];

    int32_t tid = sonora_internal_handler_tid();
    uint64_t sp = (uint64_t)gregs[REG_RSP];
    uint64_t thread_pointer;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(thread_pointer));
    unsigned char *destination = (unsigned char *)slot + SONORA_SLOT_HEADER;
    uint64_t lo = 0, hi = 0, length, base = sp;
    if (sonora_internal_handler_bounds(tid, &lo, &hi) && sp >= lo && sp < hi) {
        // The bounds are glibc's own for this thread's stack (pthread_getattr_np), which is one
        // mapping with the thread's TCB, and its TLS below it, at the top. The thread pointer
        // (%fs:0 holds the TCB's address) therefore bounds every stack frame from above; the
        // main thread's TCB is not on its stack, and its bound is the [stack] mapping's top.
        if (thread_pointer > sp && thread_pointer < hi) hi = thread_pointer;
        // The copy also takes the 128-byte red zone below SP, which the kernel leaves intact when
        // it delivers a signal: interrupted at a `ret` after `pop %rbp`, the CFI still says rbp
        // was saved at CFA-16, which is now just below SP, and libunwind fails the step unless
        // it can read that slot.
        base = sp - lo >= SONORA_RED_ZONE ? sp - SONORA_RED_ZONE : lo;
        length = hi - sp;
        if (length > copy_limit) length = copy_limit;
        length += sp - base;
        memcpy(destination, (const void *)base, length);
        slot->bounds_known = true;
        slot->kernel_copy = false;
    } else {
        // Unknown bounds, or SP outside them (sigaltstack, a coroutine, bounds gone stale): copy
        // through the kernel, which stops cleanly at the first unmapped page.
        length = checked_copy(destination, sp, copy_limit);
        lo = hi = 0;
        slot->bounds_known = false;
        slot->kernel_copy = true;
    }
    slot->copy_base = base;
    slot->copy_len = length;
    slot->stack_lo = lo;
    slot->stack_hi = hi;
    slot->thread_pointer = thread_pointer;
    slot->tid = tid;
    slot->weight = weight;
    slot->cpu_state = !is_wall ? SONORA_CPU_STATE_UNKNOWN
                      : (info->si_value.sival_int & 1) ? SONORA_CPU_STATE_ON : SONORA_CPU_STATE_OFF;
    uint64_t end = sonora_internal_now_ns();
    slot->timestamp_ns = start;
    slot->handler_ns = end - start;
    atomic_fetch_add_explicit(&counter_taken, 1, memory_order_relaxed);
    size_t index = (size_t)((unsigned char *)slot - pool_base) / slot_stride;
    atomic_store_explicit(&slot_states[index], SONORA_SLOT_READY, memory_order_release);
    atomic_fetch_add_explicit(&sonora_internal_ready_count, 1, memory_order_release);
out:
    atomic_fetch_sub_explicit(&in_flight, 1, memory_order_seq_cst);
    errno = saved_errno;
}

sonora_signal_owner sonora_signal_owner_of(int signo) {
    struct sigaction current;
    if (sigaction(signo, NULL, &current) != 0) return SONORA_SIGNAL_OWNER_OTHER;
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == sonora_handler) return SONORA_SIGNAL_OWNER_SONORA;
    if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_DFL) return SONORA_SIGNAL_OWNER_DEFAULT;
    if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) return SONORA_SIGNAL_OWNER_IGNORED;
    return SONORA_SIGNAL_OWNER_OTHER;
}

int sonora_sampler_install(int signo) {
    if (pool_base == NULL || slot_count == 0) return EINVAL;
    struct sigaction current;
    if (sigaction(signo, NULL, &current) != 0) return errno;
    sonora_signal_owner owner = sonora_signal_owner_of(signo);
    if (owner == SONORA_SIGNAL_OWNER_OTHER) return EBUSY;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = sonora_handler;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    self_pid = getpid();
    static pthread_once_t fork_hook = PTHREAD_ONCE_INIT;
    pthread_once(&fork_hook, sonora_internal_register_fork_hook);
    atomic_store(&active, 1);
    if (sigaction(signo, &action, &previous_action) != 0) {
        int error = errno;
        atomic_store(&active, 0);
        return error;
    }
    if (owner == SONORA_SIGNAL_OWNER_SONORA) {  // left over from a crashed session: restore the default afterwards
        memset(&previous_action, 0, sizeof previous_action);
        previous_action.sa_handler = SIG_DFL;
    }
    installed_signo = signo;
    return 0;
}

void sonora_sampler_uninstall(int signo) {
    atomic_store_explicit(&active, 0, memory_order_seq_cst);
    while (atomic_load_explicit(&in_flight, memory_order_seq_cst) != 0) {
        struct timespec pause = {0, 50000};
        nanosleep(&pause, NULL);
    }
    installed_signo = 0;
    // Someone installed their own handler during the session: it is theirs now, leave it.
    if (sonora_signal_owner_of(signo) != SONORA_SIGNAL_OWNER_SONORA) return;
    // Setting SIG_IGN discards signals still pending on any thread, so restoring the default
    // afterwards cannot kill the process with a late SIGPROF.
    struct sigaction ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigaction(signo, &ignore, NULL);
    sigaction(signo, &previous_action, NULL);
}

// MARK: - Wall signals

int sonora_signal_thread(int32_t tid, int signo, bool on_cpu) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    info.si_signo = signo;
    info.si_code = SI_QUEUE;
    info.si_pid = getpid();
    info.si_uid = getuid();
    info.si_value.sival_int = SONORA_WALL_MARK | (on_cpu ? 1 : 0);
    if (syscall(SYS_rt_tgsigqueueinfo, getpid(), tid, signo, &info) != 0) return errno;
    atomic_fetch_add_explicit(&counter_wall_sent, 1, memory_order_relaxed);
    return 0;
}
