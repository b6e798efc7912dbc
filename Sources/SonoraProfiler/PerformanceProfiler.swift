#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A sampling profiler for the current process: start it, run work, stop it, read the ``Profile``.
///
/// Only one session runs per process at a time.
public final class PerformanceProfiler: Sendable {
    /// How a session samples.
    public struct Configuration: Sendable, Hashable {
        public var mode: ProfilingMode
        /// Samples per second per thread, 1...10_000. Defaults to 100.
        public var frequency: Int
        /// Reset the process-wide VmHWM through `/proc/self/clear_refs` at start so the peak is
        /// the session's own. Turn off if something else in the process reads VmHWM.
        public var resetPeakMemory: Bool
        /// Wall mode: skip threads whose CPU clock did not advance since their last sample.
        public var skipIdleThreads: Bool
        /// Bytes of stack copied per sample, 4 KiB...256 KiB. Defaults to 32 KiB.
        public var stackCopyBytes: Int
        /// Deepest stack recorded, 128...1024.
        public var maxDepth: Int
        /// The signal that carries samples. Defaults to `SIGPROF`; `start()` refuses a signal
        /// that already has someone else's handler, and any other signal unless it is a
        /// real-time one and ``allowRealTimeSignal`` is set.
        public var signal: Int32
        /// Opt-in for a real-time `signal` (`SIGRTMIN...SIGRTMAX`). libdispatch's worker threads,
        /// which run Swift concurrency on Linux, block every signal except a few (SIGPROF among
        /// them), so they are never sampled with a real-time signal;
        /// ``SamplerHealth/threadsBlockingSignal`` lists the threads that blocked it.
        public var allowRealTimeSignal: Bool

        public init(
            mode: ProfilingMode = .cpu,
            frequency: Int = 100,
            resetPeakMemory: Bool = true,
            skipIdleThreads: Bool = false,
            stackCopyBytes: Int = 32 * 1024,
            maxDepth: Int = 256,
            signal: Int32 = SIGPROF,
            allowRealTimeSignal: Bool = false
        ) {
            self.mode = mode
            self.frequency = frequency
            self.resetPeakMemory = resetPeakMemory
            self.skipIdleThreads = skipIdleThreads
            self.stackCopyBytes = stackCopyBytes
            self.maxDepth = maxDepth
            self.signal = signal
            self.allowRealTimeSignal = allowRealTimeSignal
        }
    }

    public let configuration: Configuration
    private let session = Mutex<SamplingSession?>(nil)

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    deinit {
        // A profiler dropped while sampling must not keep the process-wide sampler busy forever.
        if let running = session.withLock({ $0 }) { _ = running.stop() }
    }

    /// Starts sampling every thread of the process, including threads created later.
    ///
    /// - Throws: ``ProfilerError`` `.alreadyRunning` when a session runs anywhere in the process,
    ///   `.signalInUse` when another handler owns the sampling signal, `.invalidConfiguration`,
    ///   `.unwinderUnavailable` when libunwind's remote API cannot be loaded, `.systemCall`.
    public func start() throws {
        try session.withLock { session in
            if session != nil {
                throw ProfilerError(.alreadyRunning, "this profiler's session is already running; call stop() first")
            }
            session = try SamplingSession(configuration: configuration)
        }
    }

    /// Stops sampling, symbolizes the stacks and returns the session's profile.
    ///
    /// - Returns: The profile, with health and memory figures.
    /// - Throws: ``ProfilerError`` `.notRunning` when this profiler has no running session.
    public func stop() throws -> Profile {
        let result = try stopRaw()
        return SessionProfileBuilder.build(result)
    }

    /// Stops sampling and returns the unsymbolized result (for tests and benchmarks that only
    /// need raw stacks or counters).
    func stopRaw() throws -> SessionResult {
        guard let running = session.withLock({ session -> SamplingSession? in
            defer { session = nil }
            return session
        }) else {
            throw ProfilerError(.notRunning, "stop() was called but this profiler has no running session; call start() first")
        }
        return running.stop()
    }

    /// Samples unwound so far in the running session, or 0; lets watchdogs see progress.
    var samplesCollected: Int {
        session.withLock { $0?.progress ?? 0 }
    }

    /// Profiles `body` and returns its value with the profile.
    @available(*, noasync, message: "use the async overload")
    public static func profile<T>(configuration: Configuration = .init(), _ body: () throws -> T) throws -> (T, Profile) {
        let profiler = PerformanceProfiler(configuration: configuration)
        try profiler.start()
        let value: T
        do {
            value = try body()
        } catch {
            _ = try? profiler.stop()
            throw error
        }
        return (value, try profiler.stop())
    }

    /// Profiles the async `body` and returns its value with the profile.
    public static func profile<T>(
        configuration: Configuration = .init(), _ body: () async throws -> T
    ) async throws -> (T, Profile) {
        let profiler = PerformanceProfiler(configuration: configuration)
        try profiler.start()
        let value: T
        do {
            value = try await body()
        } catch {
            _ = try? profiler.stop()
            throw error
        }
        return (value, try profiler.stop())
    }
}
