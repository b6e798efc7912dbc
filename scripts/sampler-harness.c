// A harness for the sampler's C half (Sources/CSonoraSampler): one thread recursing 20 frames
// deep burns CPU while it is sampled at 1 kHz, by a CPU-clock timer (`cpu`) or by wall-mode
// signals (`wall`), and the main thread collects with sonora_collect_one every POLL_US
// microseconds. It prints the handler's median and p99, the mean unwind time per sample and the
// collecting thread's CPU time per sample (in wall mode that thread also sends the signals).
// Built and run by scripts/sampler-harness.sh.
//
//   sampler-harness cpu|wall [POLL_US] [CPU_SECONDS]
#define _GNU_SOURCE
#include "CSonoraSampler.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <stdatomic.h>
#include <sys/syscall.h>

static volatile uint64_t sink;
static _Atomic int stop_all;
static _Atomic int32_t worker_tid;
static pthread_t worker_thread;
static double seconds = 3;

__attribute__((noinline)) static uint64_t leaf(uint64_t x) { for (int i = 0; i < 200; i++) x = x * 6364136223846793005ull + 1442695040888963407ull; return x; }
__attribute__((noinline)) static uint64_t recurse(int depth, uint64_t x) {
    volatile char pad[64]; pad[0] = (char)x;
    if (depth == 0) return leaf(x + pad[0]);
    return recurse(depth - 1, x + 1) + pad[0];
}
static uint64_t now_ns(clockid_t c) { struct timespec t; clock_gettime(c, &t); return t.tv_sec * 1000000000ull + t.tv_nsec; }

static void *worker(void *arg) {
    (void)arg;
    worker_tid = (int32_t)syscall(SYS_gettid);
    pthread_attr_t a; pthread_getattr_np(pthread_self(), &a); void *lo; size_t size; pthread_attr_getstack(&a, &lo, &size);
    sonora_sampler_set_stack_bounds(worker_tid, (uint64_t)lo, (uint64_t)lo + size);
    uint64_t end = now_ns(CLOCK_THREAD_CPUTIME_ID) + (uint64_t)(seconds * 1e9);
    while (now_ns(CLOCK_THREAD_CPUTIME_ID) < end) sink += recurse(20, sink);
    stop_all = 1;
    return NULL;
}

static int cmp(const void *a, const void *b) { uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b; return x < y ? -1 : x > y; }

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "cpu";
    long poll_us = argc > 2 ? atol(argv[2]) : 5000;
    if (argc > 3) seconds = atof(argv[3]);
    char err[256];
    if (sonora_unwinder_load(err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
    sonora_unwinder_snapshot_objects();
    if (sonora_pool_prepare(32768, 512)) return 1;
    sigset_t set; sigemptyset(&set); sigaddset(&set, SIGPROF);
    if (sonora_sampler_install(SIGPROF)) return 1;
    pthread_create(&worker_thread, NULL, worker, NULL);  // created before the block: it is sampled
    pthread_sigmask(SIG_BLOCK, &set, NULL);  // this thread (driver and collector) is not
    while (!worker_tid) usleep(100);
    timer_t timer = 0;
    if (strcmp(mode, "cpu") == 0) {
        struct sigevent ev; memset(&ev, 0, sizeof ev);
        ev.sigev_notify = SIGEV_THREAD_ID; ev.sigev_signo = SIGPROF; ev._sigev_un._tid = worker_tid;
        clockid_t clock = (clockid_t)((~(unsigned)worker_tid) << 3) | 6;
        timer_create(clock, &ev, &timer);
        struct itimerspec spec = {{0, 1000000}, {0, 1000000}};
        timer_settime(timer, 0, &spec, NULL);
    }
    static uint64_t handler[100000], unwind[100000];
    size_t n = 0;
    uint64_t addresses[256];
    uint64_t cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID), next_poll = now_ns(CLOCK_MONOTONIC), next_wall = next_poll;
    uint64_t batches = 0;
    while (!stop_all) {
        uint64_t t = now_ns(CLOCK_MONOTONIC);
        if (strcmp(mode, "wall") == 0 && t >= next_wall) { sonora_signal_thread(worker_tid, SIGPROF, true); next_wall += 1000000; }
        if (t >= next_poll) {
            sonora_collected_sample s; int got = 0;
            while (sonora_collect_one(&s, addresses, 256)) { if (n < 100000) { handler[n] = s.handler_ns; unwind[n] = s.unwind_ns; n++; } got++; }
            if (got) batches++;
            next_poll = t + (uint64_t)poll_us * 1000;
        }
        uint64_t wake = next_poll;
        if (strcmp(mode, "wall") == 0 && next_wall < wake) wake = next_wall;
        uint64_t t2 = now_ns(CLOCK_MONOTONIC);
        if (wake > t2) { struct timespec d = {0, (long)(wake - t2)}; nanosleep(&d, NULL); }
    }
    if (timer) timer_delete(timer);
    sonora_sampler_uninstall(SIGPROF);
    sonora_collected_sample s;
    while (sonora_collect_one(&s, addresses, 256)) { if (n < 100000) { handler[n] = s.handler_ns; unwind[n] = s.unwind_ns; n++; } }
    uint64_t cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    double mean_unwind = 0; for (size_t i = 0; i < n; i++) mean_unwind += unwind[i]; mean_unwind /= n ? n : 1;
    qsort(handler, n, sizeof *handler, cmp);
    printf("%s poll=%ldus samples=%zu batches=%llu handler median=%llu p99=%llu unwind mean=%.0f collector-thread-cpu/sample=%.0f\n", mode, poll_us, n,
           (unsigned long long)batches, (unsigned long long)handler[n / 2], (unsigned long long)handler[n * 99 / 100], mean_unwind, (double)cpu / (n ? n : 1));
    return 0;
}
