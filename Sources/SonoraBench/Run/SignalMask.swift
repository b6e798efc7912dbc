#if canImport(Glibc)
import Glibc
#endif

/// Keeps the sampling signal away from code that is not the operation, during the profiling pass.
enum SignalMask {
    /// Runs `body` with `signal` blocked on the calling thread, then discards the expirations that
    /// arrived meanwhile before unblocking, so they are neither attributed to `body` nor delivered
    /// (with their overrun weight) to whatever runs next.
    ///
    /// Wraps `pthread_sigmask(SIG_BLOCK/SIG_SETMASK)` and `sigtimedwait` with a zero timeout. `body`
    /// must not suspend: the mask belongs to the thread.
    ///
    /// - Parameters:
    ///   - signal: The signal to hold off, `SIGPROF` for the profiler's CPU timers.
    ///   - body: Untimed work such as `beforeBatch`.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    static func withSignalBlocked<T>(_ signal: Int32, _ body: () throws -> T) rethrows -> T {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, signal)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer {
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            // A thread-directed timer signal pending on this thread is accepted (and dropped) here.
            while sigtimedwait(&blocked, nil, &zero) == signal {}
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        return try body()
    }

    /// Whether `signal` is pending on the calling thread (for tests).
    static func isPending(_ signal: Int32) -> Bool {
        var pending = sigset_t()
        sigpending(&pending)
        return sigismember(&pending, signal) == 1
    }
}
