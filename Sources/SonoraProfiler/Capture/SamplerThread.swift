#if canImport(Glibc)
import Glibc
#endif
import CSonoraSampler

/// A joinable POSIX thread for the sampler's own work (collector, timer manager, wall sampler).
///
/// The sampling signal is blocked before `pthread_create`, so the new thread inherits the mask
/// and can never be interrupted by it, not even before its first instruction.
struct SamplerThread: Sendable {
    private let handle: pthread_t

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread with `signal` blocked.
    /// - Parameters:
    ///   - name: Thread name (at most 15 bytes), shown in `/proc/self/task/<tid>/comm`.
    ///   - signal: The sampling signal to block in the new thread.
    ///   - body: The thread's work.
    /// - Throws: ``ProfilerError`` `.systemCall` when `pthread_create` fails.
    static func start(name: String, blocking signal: Int32, _ body: @escaping @Sendable () -> Void) throws -> SamplerThread {
        var blocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, signal)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }

        let context = Unmanaged.passRetained(Body {
            _ = sonora_set_thread_name(String(name.prefix(15)))
            body()
        }).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
            body.run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw ProfilerError(.systemCall, "pthread_create for the sampler's \(name) thread failed: errno \(result)")
        }
        return SamplerThread(handle: thread)
    }

    /// Waits for the thread to finish.
    func join() {
        pthread_join(handle, nil)
    }
}
