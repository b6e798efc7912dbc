import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraBench
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ProcessLevelTests {
    @Test func studentTMatchesPublishedCriticalValues() {
        #expect(abs(StudentT.critical(confidence: 0.95, degrees: 9) - 2.262) < 0.001)
        #expect(abs(StudentT.critical(confidence: 0.95, degrees: 4) - 2.776) < 0.001)
        #expect(abs(StudentT.critical(confidence: 0.95, degrees: 1_000) - 1.962) < 0.002)
        #expect(abs(StudentT.twoSidedP(2.262, degrees: 9) - 0.05) < 0.001)
        #expect(StudentT.twoSidedP(0, degrees: 5) == 1)
    }

    @Test func thePairedTestCancelsDriftThatHitsBothSidesOfARound() throws {
        // Drift of ±30% between rounds, a steady 10% slowdown inside each round.
        let drift = [1.0, 1.3, 0.8, 1.1, 0.7, 1.25]
        let pairs = drift.enumerated().map { index, level in
            (base: 100 * level, head: 110 * level * (index.isMultiple(of: 2) ? 1.005 : 0.995))
        }
        let test = try #require(Statistics.pairedLogRatio(pairs))
        #expect(abs(test.estimate - 1.10) < 0.01)
        #expect(test.low > 1.09 && test.high < 1.11)
        #expect(test.p < 0.0001)
        // Unpaired, the same numbers cannot tell.
        let welch = try #require(Statistics.welchLogRatio(base: pairs.map(\.base), head: pairs.map(\.head)))
        #expect(welch.p > 0.05)
    }

    @Test func poolingKeepsEachProcessAndMergesWarnings() throws {
        let a = NoiseModel.result("x", processes: [[1, 2, 3]])
        var b = NoiseModel.result("x", processes: [[4, 5, 6, 7]])
        b.warnings = ["noisy machine: busy"]
        var first = a
        first.warnings = ["noisy machine: very busy", "high variation: 20%"]
        first.processes = nil
        b.processes = nil
        let pooled = BenchmarkResult.pooling([(first, 0, 11), (b, 1, 12)], cap: 100)
        let processes = try #require(pooled.processes)
        #expect(processes.map(\.pid) == [11, 12])
        #expect(processes.map { $0[.wall] } == [2, 5.5])
        #expect(pooled[.wall]?.samples == [1, 2, 3, 4, 5, 6, 7])
        #expect(pooled.warnings == ["noisy machine: very busy (in 2 of 2 processes)", "high variation: 20% (in 1 of 2 processes)"])
    }

    @Test func aCrashInOneProcessMakesTheBenchmarkCrashedNamingTheProcess() {
        let ok = NoiseModel.result("x", processes: [[1, 2, 3]])
        var crashed = ok
        crashed.status = .crashed
        crashed.failure = "crashed: the worker was terminated by signal 4 (SIGILL)"
        let pooled = BenchmarkResult.pooling([(ok, 0, 1), (crashed, 1, 2)], cap: 10)
        #expect(pooled.status == .crashed)
        #expect(pooled.failure?.contains("process 2 of 2 (pid 2)") == true)
        #expect(pooled.failure?.contains("SIGILL") == true)
        #expect(pooled.metrics.isEmpty)
    }

    @Test func aWorkerThatHangsIsKilledAndReportedAsCrashed() throws {
        let scratch = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var launcher = WorkerLauncher(executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "sleep 30"])
        launcher.timeout = 0.5
        let outcome = try launcher.run(benchmark: "hangs", configuration: .quick, profiling: false, round: 0, scratch: scratch)
        #expect(outcome.response.result.status == .crashed)
        #expect(outcome.response.result.failure?.contains("hung") == true)
    }

    @Test func aWorkerThatExitsWithAnErrorIsAFailureWithItsMessage() throws {
        let scratch = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let launcher = WorkerLauncher(executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "echo 'error: no benchmark' >&2; exit 2"])
        let outcome = try launcher.run(benchmark: "x", configuration: .quick, profiling: false, round: 0, scratch: scratch)
        #expect(outcome.response.result.status == .failed)
        #expect(outcome.response.result.failure == "the worker exited with status 2: error: no benchmark")
    }

    @Test func theSamplingBudgetIsSplitBetweenProcesses() {
        let share = BenchmarkConfiguration.standard.perProcess(4)
        #expect(share.maxTime == BenchmarkConfiguration.standard.maxTime / 4)
        #expect(share.maxSamples == 25)
        #expect(share.warmupTime == BenchmarkConfiguration.standard.warmupTime)
        #expect(BenchmarkConfiguration.quick.perProcess(10).maxSamples == BenchmarkConfiguration.quick.minSamples)
    }

    @Test func aVersionOneConfigurationDecodesWithTheDefaultExactCount() throws {
        let json = #"{"warmupTime":0.25,"maxSamples":100,"maxTime":2,"minSamples":10,"minBatchTime":0.002,"maxBatchSize":1000000,"profileTime":1,"rawSampleCap":200}"#
        let configuration = try JSONDecoder().decode(BenchmarkConfiguration.self, from: Data(json.utf8))
        #expect(configuration.exactOperations == 16)
    }

    @Test func theSamplingSignalIsHeldOffAndDroppedDuringSetup() {
        // Without the discard, the pending SIGPROF (default action: terminate) would end the test process.
        let value = SignalMask.withSignalBlocked(SIGPROF) { () -> Bool in
            pthread_kill(pthread_self(), SIGPROF)
            return SignalMask.isPending(SIGPROF)
        }
        #expect(value)
        #expect(!SignalMask.isPending(SIGPROF))
    }
}

@Suite struct ExactMetricTests {
    static func row(_ metric: Metric, base: Double, head: Double) throws -> ComparisonRow {
        var baseResult = NoiseModel.result("x", processes: [[1, 1, 1], [1, 1, 1]])
        var headResult = baseResult
        baseResult.metrics[metric.rawValue] = MetricRecord(unit: "", samples: [base, base, base], cap: 10, resamples: 0)
        headResult.metrics[metric.rawValue] = MetricRecord(unit: "", samples: [head, head, head], cap: 10, resamples: 0)
        for index in 0..<2 {
            baseResult.processes![index].metrics[metric.rawValue] = ProcessMetric(samples: [base], count: 1, median: base)
            headResult.processes![index].metrics[metric.rawValue] = ProcessMetric(samples: [head], count: 1, median: head)
        }
        let report = { NoiseModel.report([$0], processes: 2) }
        let comparison = try Comparison(
            base: report(baseResult), head: report(headResult), baseName: "b", headName: "h",
            options: ComparisonOptions(metrics: [metric]))
        return try #require(comparison.rows.first)
    }

    @Test func aBaseOfZeroIsItsOwnVerdictNotAnInfiniteRatio() throws {
        let row = try Self.row(.allocations, base: 0, head: 2)
        #expect(row.verdict == .appeared)
        #expect(row.ratio == nil)
        let text = try ComparisonRenderer(format: .text).render(
            try Comparison(
                base: NoiseModel.report([NoiseModel.result("x", processes: [[1]])], processes: 1),
                head: NoiseModel.report([NoiseModel.result("x", processes: [[1]])], processes: 1), baseName: "b", headName: "h",
                options: ComparisonOptions()))
        #expect(!text.contains("inf"))
    }

    @Test func differencesBelowTheFloorAreIgnored() throws {
        #expect(try Self.row(.allocations, base: 0.0625, head: 0.125).verdict == .unchanged)
        #expect(try Self.row(.allocations, base: 0, head: 0.25).verdict == .unchanged)
        #expect(try Self.row(.allocations, base: 2, head: 3).verdict == .regressed)
        #expect(try Self.row(.allocatedBytes, base: 1_000, head: 1_060).verdict == .unchanged)
    }

    @Test func anAmortizedRegrowthGivesTheSameAllocationsWhateverTheBatchSize() async throws {
        // The array regrows geometrically after beforeBatch trims it, so allocations per operation
        // depend on the batch length: only a fixed exact count makes them comparable.
        let benchmark = Benchmark(
            "regrowth", setUp: { [Int]() },
            beforeBatch: { state, _ in state = [1] },
            operation: { state in state.append(2) })
        var short = BenchmarkConfiguration.quick
        short.minBatchTime = 0.0001
        var long = BenchmarkConfiguration.quick
        long.minBatchTime = 0.004
        let a = await BenchmarkRunner(configuration: short, profiling: false).run(benchmark).result
        let b = await BenchmarkRunner(configuration: long, profiling: false).run(benchmark).result
        #expect(a.batchSize != b.batchSize)
        #expect(a.exactOperations == 16)
        let allocationsA = try #require(a[.allocations]?.summary?.median)
        let allocationsB = try #require(b[.allocations]?.summary?.median)
        #expect(allocationsA == allocationsB)
        #expect(allocationsA > 0)
    }

    @Test func aFixedBatchSizeIsTimedInsteadOfTheCalibratedOneAndStillCapped() async throws {
        let benchmark = Benchmark(
            "sum", maxBatchSize: 50, setUp: { 100 }, operation: { limit in blackHole((0..<limit).reduce(0, &+)) })
        let fixed = await BenchmarkRunner(configuration: BenchmarkConfiguration.quick.fixedBatchSize(37), profiling: false)
            .run(benchmark).result
        #expect(fixed.batchSize == 37)
        let capped = await BenchmarkRunner(configuration: BenchmarkConfiguration.quick.fixedBatchSize(500), profiling: false)
            .run(benchmark).result
        #expect(capped.batchSize == 50)
    }

    @Test func aSlowOperationRunsNoExtraWarmupOrExactPassesAndKeepsItsExactCounts() async throws {
        final class Calls: @unchecked Sendable { var count = 0 }
        let calls = Calls()
        let benchmark = Benchmark(
            "slow", maxBatchSize: 1, setUp: { calls },
            operation: { calls in
                calls.count += 1
                usleep(35_000)
                blackHole([calls.count])
            })
        var settings = BenchmarkConfiguration.quick
        settings.minSamples = 4
        settings.maxTime = 0.01
        let result = await BenchmarkRunner(configuration: settings, profiling: false).run(benchmark).result
        #expect(result[.wall]?.summary?.count == 4)
        #expect(result.batchSize == 1 && result.exactOperations == 1)
        // The first run (warm and calibrated already), then four timed batches of one operation,
        // which are the exact pass too: 5 runs, where a warmup run and three exact runs made 9.
        #expect(calls.count == 5)
        if SystemProbe.allocationCountingWorks {
            #expect(try #require(result[.allocations]?.summary?.median) >= 1)
        }
    }

    @Test func theFirstSuccessfulProcessPinsTheBatchSizeAndALaterMismatchIsWarned() {
        func result(_ name: String, batch: Int, status: BenchmarkResult.Status = .ok) -> BenchmarkResult {
            var result = NoiseModel.result(name, processes: [[1, 2]])
            result.batchSize = batch
            result.status = status
            return result
        }
        var pinned = PinnedBatchSizes()
        var crashed = result("a", batch: 0, status: .crashed)
        pinned.record(&crashed)
        #expect(pinned["a"] == nil)
        var first = result("a", batch: 40)
        pinned.record(&first)
        #expect(pinned["a"] == 40 && first.warnings.isEmpty)
        var same = result("a", batch: 40)
        pinned.record(&same)
        #expect(same.warnings.isEmpty)
        var older = result("a", batch: 90)
        pinned.record(&older)
        #expect(pinned["a"] == 40)
        #expect(older.warnings.contains { $0.contains("not the pinned 40") })
        #expect(pinned["b"] == nil)
    }

    @Test func theHarnessCostIsMeasuredAndAnEmptyOperationCostsAboutNothing() async throws {
        let result = await BenchmarkRunner(configuration: .quick, profiling: false).run(Benchmark("empty") {}).result
        let harness = try #require(result.harnessOverheadNanos)
        #expect(harness > 0)
        // The least disturbed batch: on a loaded machine a median batch also holds preemptions,
        // which no harness baseline subtracts.
        let wall = try #require(result[.wall]?.summary?.min)
        #expect(wall < max(harness, 5))
    }

    @Test func instructionsAreUnavailableForAsynchronousBenchmarks() async throws {
        let benchmark = Benchmark("async.noop", setUp: { 0 }, asyncOperation: { (_: Int) in await Task.yield() })
        let result = await BenchmarkRunner(configuration: .quick, profiling: false).run(benchmark).result
        let reason = try #require(result[.instructions]?.unavailable)
        #expect(reason.contains("asynchronous"))
    }
}
