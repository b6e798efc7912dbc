#ifndef CSONORA_PRELOAD_H
#define CSONORA_PRELOAD_H

// The C half of the profiling agent (libSonoraPreloadAgent.so, which the C-only preload stub
// dlopen()s when SONORA_PROFILE is set): the async-signal-safe handlers for SIGTERM/SIGINT/SIGUSR2 (they only write the signal number to a pipe), the one
// thread that reads that pipe, and the atexit hook. Everything that allocates is Swift, called
// from that thread or from exit(), never from a signal handler.

/// Records the calling process as the profiled one: forked children (another pid) never write.
void sonora_preload_set_owner(void);

/// Installs `handler-writes-to-pipe` for `signal` only when its disposition is still SIG_DFL.
/// Returns 0, EBUSY when the program (or its parent, for SIG_IGN) owns the signal, or an errno.
int sonora_preload_take_signal(int signal);

/// Creates the pipe and the watcher thread (with every signal blocked). Returns 0 or an errno.
int sonora_preload_start_watcher(void);

/// Registers the exit hook with atexit(3). Returns 0 or -1.
int sonora_preload_register_exit(void);

/// Blocks every signal in the calling thread; `sonora_preload_restore_mask` undoes it. Threads
/// created in between (the sampler's) inherit the full mask, so the program's signals
/// (including those it waits for with sigwait) never land on them.
void sonora_preload_block_all(void);
void sonora_preload_restore_mask(void);

#endif
