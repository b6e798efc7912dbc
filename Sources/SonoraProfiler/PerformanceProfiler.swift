import Foundation

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
        /// Deepest stack recorded, at least 128.
        public var maxDepth: Int

        public init(
            mode: ProfilingMode = .cpu,
            frequency: Int = 100,
            resetPeakMemory: Bool = true,
            skipIdleThreads: Bool = false,
            stackCopyBytes: Int = 32 * 1024,
            maxDepth: Int = 256
        ) {
            self.mode = mode
            self.frequency = frequency
            self.resetPeakMemory = resetPeakMemory
            self.skipIdleThreads = skipIdleThreads
            self.stackCopyBytes = stackCopyBytes
            self.maxDepth = maxDepth
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Starts sampling every thread of the process.
    /// - Throws: ``ProfilerError`` `.alreadyRunning`, `.signalInUse`, `.invalidConfiguration`.
    public func start() throws {
        throw ProfilerError(.systemCall, "the sampler is not built yet")
    }

    /// Stops sampling, symbolizes and returns the session's profile.
    /// - Throws: ``ProfilerError`` `.notRunning`.
    public func stop() throws -> Profile {
        throw ProfilerError(.notRunning, "the sampler is not built yet")
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
