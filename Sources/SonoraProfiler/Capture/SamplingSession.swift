import SonoraSystem
#if canImport(Glibc)
import Glibc
#endif
import CSonoraSampler
import Foundation
import Synchronization

/// Everything a session produced before symbolization.
struct SessionResult: Sendable {
    var samples: [RawSample]
    var threads: [ProfiledThread]
    var health: SamplerHealth
    var memory: MemoryUsage
    var metadata: ProfileMetadata
}

/// One running sampling session: the handler, the driver thread and the collector thread.
///
/// Only one exists per process at a time (the signal handler and its slot pool are process-wide).
final class SamplingSession: Sendable {
    /// Guards the process-wide sampler: `true` while a session runs.
    private static let running = Mutex(false)

    private let shared: SessionShared
    private let collector: Collector
    private let driverThread: SamplerThread
    private let collectorThread: SamplerThread
    private let startTime: Date
    private let startNanos: UInt64
    private let memoryBaseline: PeakMemory.Baseline

    /// Samples unwound so far.
    var progress: Int { collector.progress.load(ordering: .relaxed) }

    /// Validates `configuration`, installs the handler and starts sampling.
    /// - Throws: ``ProfilerError`` `.alreadyRunning`, `.signalInUse`, `.invalidConfiguration`,
    ///   `.unwinderUnavailable`, `.systemCall`.
    init(configuration: PerformanceProfiler.Configuration) throws {
        try Self.validate(configuration)
        let claimed = Self.running.withLock { running -> Bool in
            if running { return false }
            running = true
            return true
        }
        guard claimed else {
            throw ProfilerError(.alreadyRunning, "a profiling session is already running in this process; stop it before starting another")
        }
        var installed = false
        var startedThreads: [SamplerThread] = []
        var sharedState: SessionShared?
        do {
            let signal = configuration.signal
            if sonora_signal_owner_of(signal) == .SONORA_SIGNAL_OWNER_OTHER {
                throw ProfilerError(.signalInUse, "signal \(Self.signalName(signal)) already has a handler installed by someone else; Sonora will not take it over")
            }
            var message = [CChar](repeating: 0, count: 256)
            if sonora_unwinder_load(&message, message.count) != 0 {
                throw ProfilerError(.unwinderUnavailable, String(cString: message) + " (install libunwind-dev or libunwind8)")
            }
            sonora_unwinder_snapshot_objects()
            let slots = SessionShared.slotCount(for: configuration)
            let prepared = sonora_pool_prepare(configuration.stackCopyBytes, slots)
            guard prepared == 0 else {
                throw ProfilerError(.systemCall, "could not allocate \(slots) sample slots of \(configuration.stackCopyBytes) bytes: errno \(prepared)")
            }
            let shared = try SessionShared(configuration: configuration)
            sharedState = shared
            memoryBaseline = (try? PeakMemory.begin(resetPeak: configuration.resetPeakMemory))
                ?? PeakMemory.Baseline(rssKiB: 0, peakWasReset: false)

            let result = sonora_sampler_install(signal)
            if result == EBUSY {
                throw ProfilerError(.signalInUse, "signal \(Self.signalName(signal)) already has a handler installed by someone else; Sonora will not take it over")
            }
            guard result == 0 else {
                throw ProfilerError(.systemCall, "sigaction(\(Self.signalName(signal))) failed: errno \(result)")
            }
            installed = true
            startTime = Date()
            startNanos = SamplerSystem.nowNanos()
            let collector = Collector(shared: shared)
            self.collector = collector
            collectorThread = try SamplerThread.start(name: "sonora-collect", blocking: signal) { collector.run() }
            startedThreads.append(collectorThread)
            let isWall = configuration.mode == .wall
            driverThread = try SamplerThread.start(name: isWall ? "sonora-wall" : "sonora-timers", blocking: signal) {
                if isWall { SignalDriver.runWall(shared) } else { SignalDriver.runCPU(shared) }
            }
            self.shared = shared
        } catch {
            sharedState?.stopDriving.fire()
            sharedState?.stopCollector()
            for thread in startedThreads { thread.join() }
            if installed { sonora_sampler_uninstall(configuration.signal) }
            Self.running.withLock { $0 = false }
            throw error
        }
    }

    /// Runs `body` while holding the process-wide sampler, so tests can drive the C handler
    /// directly without a session's threads.
    /// - Throws: ``ProfilerError`` `.alreadyRunning` when a session runs; what `body` throws.
    static func withExclusiveSampler<T>(_ body: () throws -> T) throws -> T {
        let claimed = running.withLock { running -> Bool in
            if running { return false }
            running = true
            return true
        }
        guard claimed else { throw ProfilerError(.alreadyRunning, "a profiling session is already running in this process") }
        defer { running.withLock { $0 = false } }
        return try body()
    }

    /// Stops sampling, drains and unwinds what is left, and returns the raw result.
    func stop() -> SessionResult {
        shared.stopDriving.fire()
        driverThread.join()                          // every timer is deleted, no more wall signals
        sonora_sampler_uninstall(shared.configuration.signal)  // no handler in flight, pending discarded
        shared.stopCollector()
        collectorThread.join()
        sonora_sampler_clear_stack_bounds()
        let counters = sonora_sampler_counters_read()
        let duration = Double(SamplerSystem.nowNanos() - startNanos) / 1e9
        let status = try? ProcStatus.readSelf()
        Self.running.withLock { $0 = false }

        let output = collector.takeOutput()
        var health = SamplerHealth()
        health.samplesTaken = Int(counters.taken)
        // Wall-mode signals that never reached the handler were coalesced with one still pending
        // (or discarded at stop, or blocked): lost samples like those a full pool drops.
        let coalesced = counters.wall_sent > counters.wall_received ? counters.wall_sent - counters.wall_received : 0
        health.samplesDropped = Int(counters.dropped + coalesced)
        health.walkerFallbacks = output.fallbacks
        health.copyLimitHits = output.copyLimitHits
        let sortedCost = output.handlerNanos.sorted()
        if !sortedCost.isEmpty {
            health.handlerMedianNanos = Double(sortedCost[sortedCost.count / 2])
            health.handlerP99Nanos = Double(sortedCost[min(sortedCost.count - 1, sortedCost.count * 99 / 100)])
            health.collectorMeanNanos = Double(output.unwindNanosTotal) / Double(sortedCost.count)
            health.collectorCPUNanosPerSample = Double(output.threadCPUNanos) / Double(sortedCost.count)
        }
        let sampledThreads = Set(output.samples.map(\.threadID))
        health.threadsSeen = sampledThreads.count
        let blocking = shared.threadsBlockingSignal.withLock { $0 }
        health.threadsBlockingSignal = blocking.isEmpty ? nil : blocking.sorted()
        let names = shared.threadNames.withLock { $0 }
        let threads = sampledThreads.sorted().map { tid in
            ProfiledThread(id: tid, name: names[tid] ?? ThreadDirectory.name(of: tid))
        }
        let memory = status.map { PeakMemory.usage(baseline: memoryBaseline, end: $0) }
            ?? MemoryUsage(rssAtStartMB: Double(memoryBaseline.rssKiB) / 1024, peakMB: 0, rssAtEndMB: 0, peakIsSessionLocal: false)
        let metadata = ProfileMetadata(
            mode: shared.configuration.mode, frequency: shared.configuration.frequency,
            startTime: startTime, duration: duration, pid: getpid(),
            commandLine: CommandLine.arguments, host: Self.hostName(),
            swiftVersion: Self.swiftVersion, buildConfiguration: Self.buildConfiguration)
        return SessionResult(samples: output.samples, threads: threads, health: health, memory: memory, metadata: metadata)
    }

    private static func validate(_ configuration: PerformanceProfiler.Configuration) throws {
        guard (1...10_000).contains(configuration.frequency) else {
            throw ProfilerError(.invalidConfiguration, "frequency \(configuration.frequency) Hz is out of range; use 1...10000")
        }
        guard (4096...262_144).contains(configuration.stackCopyBytes) else {
            throw ProfilerError(.invalidConfiguration, "stackCopyBytes \(configuration.stackCopyBytes) is out of range; use 4096...262144 (4...256 KiB)")
        }
        guard (128...1024).contains(configuration.maxDepth) else {
            throw ProfilerError(.invalidConfiguration, "maxDepth \(configuration.maxDepth) is out of range; use 128...1024")
        }
        guard configuration.mode == .cpu || configuration.mode == .wall else {
            throw ProfilerError(.invalidConfiguration, "mode \(configuration.mode) is not supported; use .cpu or .wall")
        }
        let signal = configuration.signal
        if signal != SIGPROF {
            // Any other classic signal is refused: SIGSEGV, SIGBUS, SIGFPE or SIGILL would turn a
            // real fault into an endless loop, and libdispatch's workers block SIGUSR1/2.
            guard signal > 0, signal < 65, SamplerSystem.isRealTime(signal) else {
                throw ProfilerError(.invalidConfiguration, "signal \(signalName(signal)) cannot carry samples; use SIGPROF (the default), or a real-time signal with allowRealTimeSignal")
            }
            guard configuration.allowRealTimeSignal else {
                throw ProfilerError(.invalidConfiguration, "signal \(signalName(signal)) is a real-time signal, which libdispatch's worker threads block; set allowRealTimeSignal to use it anyway")
            }
        }
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGPROF: return "SIGPROF"
        case SIGVTALRM: return "SIGVTALRM"
        case SIGALRM: return "SIGALRM"
        case SIGUSR1: return "SIGUSR1"
        case SIGUSR2: return "SIGUSR2"
        case SIGSEGV: return "SIGSEGV"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGILL: return "SIGILL"
        default: return "signal \(signal)"
        }
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "" }
        return String(cString: buffer)
    }

    private static var swiftVersion: String {
        #if swift(>=6.3)
        return "6.3"
        #elseif swift(>=6.2)
        return "6.2"
        #else
        return "6.x"
        #endif
    }

    private static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }
}
