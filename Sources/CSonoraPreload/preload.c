#define _GNU_SOURCE
#include "CSonoraPreload.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Defined in Swift (SonoraPreload, @_cdecl) and linked into the same shared library.
extern void sonora_preload_signal(int signal);
extern void sonora_preload_exit(void);

static int pipe_fds[2] = {-1, -1};
static pid_t owner_pid;
static sigset_t saved_mask;

void sonora_preload_set_owner(void) { owner_pid = getpid(); }

// Async-signal-safe: one write(2) of the signal number. A forked child (not the profiled pid)
// behaves as if no handler were installed: default disposition, signal raised again.
static void on_signal(int signal) {
    int saved = errno;
    if (getpid() != owner_pid) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = SIG_DFL;
        sigaction(signal, &action, NULL);
        raise(signal);
        errno = saved;
        return;
    }
    unsigned char byte = (unsigned char)signal;
    ssize_t ignored = write(pipe_fds[1], &byte, 1);
    (void)ignored;
    errno = saved;
}

int sonora_preload_take_signal(int signal) {
    struct sigaction current;
    if (sigaction(signal, NULL, &current) != 0) return errno;
    if ((current.sa_flags & SA_SIGINFO) || current.sa_handler != SIG_DFL) return EBUSY;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;
    sigfillset(&action.sa_mask);
    return sigaction(signal, &action, NULL) == 0 ? 0 : errno;
}

// Reads signal numbers from the pipe and hands them to Swift. After a terminating signal has
// been handled (profile written), the default disposition comes back and the signal is raised
// again on this thread, so the process ends with the signal's status as it would have.
static void *watch(void *unused) {
    (void)unused;
    // Named from inside (prctl), not by the creating thread: pthread_setname_np on another
    // thread opens /proc/self/task/TID/comm, and a /proc entry of a thread still alive at exit
    // costs whoever reaps the process milliseconds of dentry invalidation (sonora record's
    // waitpid, measured at 5-15 ms on a busy machine).
    pthread_setname_np(pthread_self(), "sonora-signals");
    for (;;) {
        unsigned char byte;
        ssize_t count = read(pipe_fds[0], &byte, 1);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) return NULL;
        int signal = byte;
        sonora_preload_signal(signal);
        if (signal == SIGTERM || signal == SIGINT) {
            struct sigaction action;
            memset(&action, 0, sizeof action);
            action.sa_handler = SIG_DFL;
            sigaction(signal, &action, NULL);
            sigset_t only;
            sigemptyset(&only);
            sigaddset(&only, signal);
            pthread_sigmask(SIG_UNBLOCK, &only, NULL);
            raise(signal);
        }
    }
}

int sonora_preload_start_watcher(void) {
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) return errno;
    // Every signal but the sampler's is blocked: the program's signals never land here.
    sigset_t all, previous;
    sigfillset(&all);
    sigdelset(&all, SIGPROF);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    int result = pthread_create(&thread, &attributes, watch, NULL);
    pthread_attr_destroy(&attributes);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return result;
}

// A forked child inherits the atexit list; only the profiled pid writes.
static void at_exit(void) {
    if (getpid() != owner_pid) return;
    sonora_preload_exit();
}

int sonora_preload_register_exit(void) { return atexit(at_exit); }

void sonora_preload_block_all(void) {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved_mask);
}

void sonora_preload_restore_mask(void) { pthread_sigmask(SIG_SETMASK, &saved_mask, NULL); }
