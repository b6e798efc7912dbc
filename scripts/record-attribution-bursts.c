// scripts/record-attribution-bursts.py runs this: two threads ping-pong a byte over pipes; each burst runs
// begin_work, then end_work (the same loop with other constants, so the same time), then writes.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
static int p1[2], p2[2];
static long spin;
static volatile uint64_t sink;
__attribute__((noinline)) static uint64_t begin_work(uint64_t x) { for (long i = 0; i < spin; i++) x = x * 6364136223846793005ULL + 1442695040888963407ULL; return x; }
__attribute__((noinline)) static uint64_t end_work(uint64_t x) { for (long i = 0; i < spin; i++) x = x * 2862933555777941757ULL + 3037000493ULL; return x; }
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static double deadline;
static void *loop(void *arg) {
    int *in = arg == NULL ? p1 : p2, *out = arg == NULL ? p2 : p1;
    char c = 0; uint64_t x = 1;
    while (now() < deadline) {
        if (read(in[0], &c, 1) != 1) break;
        x = begin_work(x); x = end_work(x); sink = x;
        if (write(out[1], &c, 1) != 1) break;
    }
    close(out[1]);
    return NULL;
}
int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 10; spin = argc > 2 ? atol(argv[2]) : 20000;
    if (pipe(p1) || pipe(p2)) return 1;
    deadline = now() + seconds;
    pthread_t a, b;
    pthread_create(&a, NULL, loop, NULL); pthread_create(&b, NULL, loop, (void *)1);
    char c = 0; write(p1[1], &c, 1);
    pthread_join(a, NULL); pthread_join(b, NULL);
    return 0;
}
