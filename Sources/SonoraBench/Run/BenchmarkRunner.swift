import Foundation
import SonoraProfiler
#if canImport(Glibc)
import Glibc
#endif

/// Runs one benchmark: a time-bounded warmup that sizes the batch, count- and time-bounded
/// sampling of every metric, then an optional profiling pass outside the timed samples.
public struct BenchmarkRunner: Sendable {
    public var configuration: BenchmarkConfiguration
    /// Whether to run the profiling pass.
    public var profiling: Bool
    /// A test-only slowdown for one benchmark.
    public var injection: SlowdownInjection?

    /// Creates a runner.
    /// - Parameters:
    ///   - configuration: Warmup, sampling and profiling bounds.
    ///   - profiling: Whether to profile each benchmark after sampling it.
    ///   - injection: A known slowdown to add to one benchmark, for testing the gate.
    public init(configuration: BenchmarkConfiguration = .standard, profiling: Bool = true, injection: SlowdownInjection? = nil) {
        self.configuration = configuration
        self.profiling = profiling
        self.injection = injection
    }

    /// What running one benchmark produced: its report entry and, if taken, the full profile.
    public struct Outcome: Sendable {
        public var result: BenchmarkResult
        public var profile: Profile?
    }

    /// Runs `benchmark`; a thrown error becomes a failed result rather than an error.
    ///
    /// - Parameter benchmark: The benchmark.
    /// - Returns: Its result and profile.
    public func run(_ benchmark: Benchmark) async -> Outcome {
        var settings = configuration
        settings.maxBatchSize = min(settings.maxBatchSize, benchmark.maxBatchSize)
        var result = BenchmarkResult(
            name: benchmark.name, tags: benchmark.tags.sorted(), status: .ok, failure: nil, scope: benchmark.scope,
            configuration: settings, batchSize: 0, firstRunNanos: nil, timerOverheadNanos: 0, metrics: [:],
            peakRSSDeltaBytes: nil, peakRSSIsLocal: false, warnings: [], profile: nil, profileThreadID: nil,
            profileUnavailable: nil)
        let instance: BenchmarkInstance
        do {
            instance = try await benchmark.makeInstance()
        } catch {
            result.status = .failed
            result.failure = "setUp threw: \(error)"
            return Outcome(result: result, profile: nil)
        }
        var profile: Profile?
        do {
            let slowdown = injection?.benchmarkName == benchmark.name ? injection : nil
            if let slowdown, slowdown.traps {
                fatalError("\(SlowdownInjection.environmentVariable) made \(benchmark.name) trap (test-only)")
            }
            try await measure(instance, scope: benchmark.scope, settings: settings, slowdown: slowdown, into: &result)
            if profiling {
                switch await profilePass(instance, scope: benchmark.scope, batchSize: result.batchSize, settings: settings, slowdown: slowdown) {
                case .success(let taken):
                    profile = taken.0
                    result.profile = taken.1
                    result.profileThreadID = taken.2
                case .failure(let error):
                    result.profileUnavailable = "profile unavailable: \(error)"
                }
            } else {
                result.profileUnavailable = "profile unavailable: profiling was turned off (--no-profile)"
            }
        } catch {
            result.status = .failed
            result.failure = "\(error)"
            result.metrics = [:]
        }
        await instance.tearDown()
        return Outcome(result: result, profile: profile)
    }

    // MARK: - Sampling

    private func measure(
        _ instance: BenchmarkInstance, scope: MeasurementScope, settings: BenchmarkConfiguration,
        slowdown: SlowdownInjection?, into result: inout BenchmarkResult
    ) async throws {
        let overhead = SystemClock.overhead(scope: scope)
        result.timerOverheadNanos = overhead.wall
        let harness = await HarnessBaseline.cost(scope: scope)
        result.harnessOverheadNanos = harness.wall

        try instance.prepare(1)
        let first = try await timedBatch(instance, count: 1, scope: scope, slowdown: slowdown, counting: false, instructions: nil)
        result.firstRunNanos = max(0, first.wall - overhead.wall)

        // Warmup: double the batch until it lasts minBatchTime, for at least warmupTime. An
        // operation whose first run alone lasted both is warm and calibrated already (a batch of
        // one), so a slow benchmark does not pay for one more operation.
        var batch = 1
        var perOperation = max(first.wall - overhead.wall, 1)
        let warmOnce = first.wall >= settings.warmupTime * 1e9 && first.wall >= settings.minBatchTime * 1e9
        let warmupEnd = SystemClock.wallNanos() + UInt64(settings.warmupTime * 1e9)
        if !warmOnce {
            repeat {
                try instance.prepare(batch)
                let sample = try await timedBatch(instance, count: batch, scope: scope, slowdown: slowdown, counting: false, instructions: nil)
                // The fastest batch is the least disturbed estimate of one operation's cost.
                perOperation = min(perOperation, max((sample.wall - overhead.wall) / Double(batch), 0.1))
                if sample.wall < settings.minBatchTime * 1e9 { batch = min(batch * 2, settings.maxBatchSize) }
            } while SystemClock.wallNanos() < warmupEnd
        }
        let calibrated = Int((settings.minBatchTime * 1e9 / perOperation).rounded(.up))
        let batchSize = min(max(settings.fixedBatchSize ?? calibrated, 1), settings.maxBatchSize)
        result.batchSize = batchSize

        let counter = SystemProbe.openInstructionCounter()
        defer { if case .success(let fd) = counter { close(fd) } }
        let instructionFD = try? counter.get()
        let machineBefore = SystemProbe.machineJiffies()
        let processCPUBefore = SystemClock.cpuNanos(scope: .process)
        let loadAverage = SystemProbe.loadAverage()
        result.peakRSSIsLocal = SystemProbe.resetPeakRSS()
        let rssBefore = SystemProbe.statusBytes("VmRSS")

        var samples: [BatchMeasurement] = []
        let samplingStart = SystemClock.wallNanos()
        let samplingBudget = UInt64(settings.maxTime * 1e9)
        while samples.count < settings.maxSamples
            && (SystemClock.wallNanos() - samplingStart < samplingBudget || samples.count < settings.minSamples)
        {
            try instance.prepare(batchSize)
            samples.append(
                try await timedBatch(
                    instance, count: batchSize, scope: scope, slowdown: slowdown, counting: true, instructions: instructionFD))
        }
        let elapsed = Double(SystemClock.wallNanos() - samplingStart) / 1e9

        if let hwm = SystemProbe.statusBytes("VmHWM"), let rssBefore {
            result.peakRSSDeltaBytes = Int64(hwm) - Int64(rssBefore)
        }
        // Exact metrics over a fixed operation count, the same on every run whatever the timing
        // says, so a one-off cost (a regrowth) is amortized identically on both sides.
        let exactCount = max(1, min(settings.exactOperations, settings.maxBatchSize))
        result.exactOperations = exactCount
        // When the timed batches already are that count (a slow operation with a batch cap of
        // one), their counts are the exact ones and the operation need not run three more times.
        var exact: [BatchMeasurement] = batchSize == exactCount ? samples : []
        while exact.count < 3 {
            try instance.prepare(exactCount)
            exact.append(
                try await timedBatch(
                    instance, count: exactCount, scope: scope, slowdown: slowdown, counting: true, instructions: instructionFD))
        }

        let n = Double(batchSize)
        let cap = settings.rawSampleCap
        let wall = samples.map { max(($0.wall - overhead.wall) / n - harness.wall, 0) }
        result.metrics[Metric.wall.rawValue] = MetricRecord(unit: Metric.wall.unit, samples: wall, cap: cap)
        result.metrics[Metric.cpu.rawValue] = MetricRecord(
            unit: Metric.cpu.unit, samples: samples.map { max(($0.cpu - overhead.cpu) / n - harness.cpu, 0) }, cap: cap)
        result.metrics[Metric.throughput.rawValue] = MetricRecord(
            unit: Metric.throughput.unit, samples: wall.map { $0 > 0 ? 1e9 / $0 : 0 }, cap: cap)
        if SystemProbe.allocationCountingWorks {
            result.metrics[Metric.allocations.rawValue] = MetricRecord(
                unit: Metric.allocations.unit, samples: exact.map { $0.allocations / Double(exactCount) }, cap: cap)
            result.metrics[Metric.allocatedBytes.rawValue] = MetricRecord(
                unit: Metric.allocatedBytes.unit, samples: exact.map { $0.bytes / Double(exactCount) }, cap: cap)
        } else {
            let reason = "the allocator is not interposed in this executable"
            result.metrics[Metric.allocations.rawValue] = MetricRecord(unit: Metric.allocations.unit, unavailable: reason)
            result.metrics[Metric.allocatedBytes.rawValue] = MetricRecord(unit: Metric.allocatedBytes.unit, unavailable: reason)
        }
        result.metrics[Metric.contextSwitches.rawValue] = MetricRecord(
            unit: Metric.contextSwitches.unit, samples: samples.map(\.contextSwitches), cap: cap)
        switch counter {
        case _ where scope == .process:
            result.metrics[Metric.instructions.rawValue] = MetricRecord(
                unit: Metric.instructions.unit,
                unavailable: "the operation is asynchronous and hops threads; a per-thread instruction counter cannot follow it")
        case .success:
            result.metrics[Metric.instructions.rawValue] = MetricRecord(
                unit: Metric.instructions.unit, samples: exact.compactMap(\.instructions).map { $0 / Double(exactCount) }, cap: cap)
        case .failure(let error):
            result.metrics[Metric.instructions.rawValue] = MetricRecord(unit: Metric.instructions.unit, unavailable: error.message)
        }

        var otherCores: Double?
        if let before = machineBefore, let after = SystemProbe.machineJiffies(), elapsed > 0 {
            let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
            let machineBusy = Double(after.busy - before.busy) / ticksPerSecond
            let ours = Double(SystemClock.cpuNanos(scope: .process) - processCPUBefore) / 1e9
            // Jiffies tick at 100 Hz, so short samplings overshoot; never report more than every core.
            otherCores = min(Double(ProcessInfo.processInfo.activeProcessorCount), max(0, machineBusy - ours) / elapsed)
        }
        result.warnings = RunWarnings.evaluate(
            wall: result[.wall]?.summary, batchWallNanos: samples.map(\.wall), timerOverhead: overhead.wall,
            firstRun: result.firstRunNanos, sampleCount: samples.count, otherCoresBusy: otherCores,
            loadAverage: loadAverage, cores: ProcessInfo.processInfo.activeProcessorCount, minimumSamples: settings.minSamples)
    }

    /// The raw totals of one timed batch.
    struct BatchMeasurement {
        var wall: Double
        var cpu: Double
        var allocations: Double
        var bytes: Double
        var contextSwitches: Double
        var instructions: Double?
    }

    private func timedBatch(
        _ instance: BenchmarkInstance, count: Int, scope: MeasurementScope, slowdown: SlowdownInjection?,
        counting: Bool, instructions: Int32?
    ) async throws -> BatchMeasurement {
        let switchesBefore = SystemProbe.contextSwitches(scope: scope)
        let instructionsBefore = instructions.flatMap(SystemProbe.readCounter)
        if counting { SystemProbe.startCountingAllocations(scope: scope) }
        let cpuStart = SystemClock.cpuNanos(scope: scope)
        let wallStart = SystemClock.wallNanos()
        switch instance.run {
        case .sync(let body): try body(count)
        case .async(let body): try await body(count)
        }
        if let slowdown { slowdown.spin(afterOperationUsed: SystemClock.cpuNanos(scope: scope) &- cpuStart) }
        let wallEnd = SystemClock.wallNanos()
        let cpuEnd = SystemClock.cpuNanos(scope: scope)
        let allocations = counting ? SystemProbe.stopCountingAllocations(scope: scope) : .init(count: 0, bytes: 0)
        let instructionsAfter = instructions.flatMap(SystemProbe.readCounter)
        let switchesAfter = SystemProbe.contextSwitches(scope: scope)
        var instructionCount: Double?
        if let instructionsBefore, let instructionsAfter { instructionCount = Double(instructionsAfter &- instructionsBefore) }
        return BatchMeasurement(
            wall: Double(wallEnd - wallStart), cpu: Double(cpuEnd &- cpuStart),
            allocations: Double(allocations.count), bytes: Double(allocations.bytes),
            contextSwitches: Double(switchesAfter - switchesBefore), instructions: instructionCount)
    }

    // MARK: - Profiling

    private func profilePass(
        _ instance: BenchmarkInstance, scope: MeasurementScope, batchSize: Int, settings: BenchmarkConfiguration,
        slowdown: SlowdownInjection?
    ) async -> Result<(Profile, ProfileSummary, Int32?), BenchError> {
        let profiler = PerformanceProfiler(configuration: .init(mode: .cpu, frequency: 997, resetPeakMemory: false))
        var attempt = 0
        while true {
            do {
                try profiler.start()
                break
            } catch let error as ProfilerError where error.code == .alreadyRunning && attempt < 50 {
                // Another session (for example a concurrent test) holds the sampler; wait for it.
                attempt += 1
                try? await Task.sleep(nanoseconds: 100_000_000)
            } catch {
                return .failure(BenchError(.benchmarkFailed, "\(error)"))
            }
        }
        let threadID = SystemProbe.currentThreadID()
        let end = SystemClock.wallNanos() + UInt64(settings.profileTime * 1e9)
        do {
            repeat {
                // The profiler's timer signals are held off (and dropped) while the state is reset,
                // so the profile shows the operation rather than its setup.
                try SignalMask.withSignalBlocked(SIGPROF) { try instance.prepare(batchSize) }
                _ = try await timedBatch(instance, count: batchSize, scope: scope, slowdown: slowdown, counting: false, instructions: nil)
            } while SystemClock.wallNanos() < end
        } catch {
            _ = try? profiler.stop()
            return .failure(BenchError(.benchmarkFailed, "the operation threw while profiling: \(error)"))
        }
        do {
            let profile = try profiler.stop()
            let kept: Int32? = scope == .thread ? threadID : nil
            return .success((profile, ProfileSummary(profile, threadID: kept), kept))
        } catch {
            return .failure(BenchError(.benchmarkFailed, "\(error)"))
        }
    }
}
