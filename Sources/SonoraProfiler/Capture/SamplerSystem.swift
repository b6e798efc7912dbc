import SonoraSystem
#if canImport(Glibc)
import Glibc
#endif

/// The POSIX calls the sampler's Swift side makes itself, each named for the C function it wraps.
/// Only what Swift's Glibc module cannot import lives in C (`CSonoraSampler`).
enum SamplerSystem {
    /// Nanoseconds on `CLOCK_MONOTONIC`, the clock the handler timestamps samples with (wraps
    /// `clock_gettime`).
    static func nowNanos() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// The clock that counts thread `tid`'s CPU time: the kernel's
    /// `MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED)`, which any thread of the process may read or
    /// arm a timer on.
    static func cpuClock(of tid: Int32) -> clockid_t {
        clockid_t(bitPattern: (~UInt32(bitPattern: tid) << 3) | 6)
    }

    /// CPU time consumed by thread `tid` of this process, in nanoseconds (wraps `clock_gettime`
    /// on ``cpuClock(of:)``).
    /// - Returns: The time, or `nil` when the thread is gone.
    static func threadCPUNanos(_ tid: Int32) -> Int64? {
        var time = timespec()
        guard clock_gettime(cpuClock(of: tid), &time) == 0 else { return nil }
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// `SIGRTMIN`, the first real-time signal glibc leaves to applications (wraps
    /// `__libc_current_sigrtmin`, the function behind the macro Swift cannot import).
    static var firstRealTimeSignal: Int32 { __libc_current_sigrtmin() }

    /// Whether `signal` is a real-time one, `SIGRTMIN...SIGRTMAX` (wraps
    /// `__libc_current_sigrtmin` and `__libc_current_sigrtmax`).
    static func isRealTime(_ signal: Int32) -> Bool {
        signal >= __libc_current_sigrtmin() && signal <= __libc_current_sigrtmax()
    }

    /// Blocks or unblocks `signal` in the calling thread (wraps `pthread_sigmask`).
    /// - Returns: 0 or an errno value.
    @discardableResult
    static func setBlocked(_ signal: Int32, _ blocked: Bool) -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        return pthread_sigmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &set, nil)
    }
}

/// A timer on one thread's CPU clock that sends a signal to that thread every period (wraps
/// `timer_create` with `SIGEV_THREAD_ID`, `timer_settime` and `timer_delete`).
struct ThreadCPUTimer {
    private let timer: timer_t

    /// Creates and arms the timer.
    /// - Parameters:
    ///   - tid: The thread whose CPU clock drives the timer, and which receives the signal.
    ///   - signal: The signal to send.
    ///   - periodNanos: The period of the thread's CPU time between two signals.
    /// - Returns: The timer, or the errno value of the call that failed.
    static func start(thread tid: Int32, signal: Int32, periodNanos: Int64) -> Result<ThreadCPUTimer, Errno> {
        var event = sigevent()
        event.sigev_notify = Int32(SIGEV_THREAD_ID)
        event.sigev_signo = signal
        event._sigev_un._tid = tid
        var timer: timer_t?
        guard timer_create(SamplerSystem.cpuClock(of: tid), &event, &timer) == 0, let timer else {
            return .failure(Errno.current)
        }
        let interval = timespec(tv_sec: Int(periodNanos / 1_000_000_000), tv_nsec: Int(periodNanos % 1_000_000_000))
        var spec = itimerspec(it_interval: interval, it_value: interval)
        guard timer_settime(timer, 0, &spec, nil) == 0 else {
            let error = Errno.current
            timer_delete(timer)
            return .failure(error)
        }
        return .success(ThreadCPUTimer(timer: timer))
    }

    /// Deletes the timer; no signal is sent after it returns.
    func stop() {
        timer_delete(timer)
    }
}
