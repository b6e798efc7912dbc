// glibc calls the sampler's Swift side needs but Swift's Glibc module does not import: GNU
// extensions (declared only under _GNU_SOURCE) and `syscall`, which is variadic. Each is a thin
// forwarder; the reasons are in CSonoraSampler.h.

#define _GNU_SOURCE
#include "CSonoraSampler.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int32_t sonora_gettid(void) { return (int32_t)syscall(SYS_gettid); }

int sonora_set_thread_name(const char *name) { return pthread_setname_np(pthread_self(), name); }

int sonora_make_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0 ? 0 : errno; }

bool sonora_wait_readable(int fd, int64_t nanoseconds) {
    if (nanoseconds < 0) nanoseconds = 0;
    struct pollfd descriptor = {fd, POLLIN, 0};
    struct timespec timeout = {nanoseconds / 1000000000, nanoseconds % 1000000000};
    int ready = ppoll(&descriptor, 1, &timeout, NULL);
    return ready > 0 && (descriptor.revents & POLLIN);
}
