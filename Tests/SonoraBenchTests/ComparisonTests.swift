import Foundation
import Testing
@testable import SonoraBench
import SonoraProfiler

@Suite struct ComparisonTests {
    @Test func reportsFromDifferentMachinesAreRefusedUnlessAllowed() throws {
        let base = SerializedBenchTests.GateHonestyTests.report(["a": [1, 2, 3]])
        var head = base
        head.machine.cpuModel = "Other CPU"
        let error = try #require(throws: BenchError.self) {
            try Comparison(base: base, head: head, baseName: "b.json", headName: "h.json", options: ComparisonOptions())
        }
        #expect(error.code == .incomparable)
        #expect(error.message.contains("CPU model"))
        #expect(BenchExitCode(for: error) == .baseline)
        let allowed = try Comparison(
            base: base, head: head, baseName: "b.json", headName: "h.json", options: ComparisonOptions(allowDifferentMachines: true))
        #expect(allowed.notes.contains { $0.hasPrefix("warning: different machines") })
    }

    @Test func timedRowsSayWhenTheSidesTimedBatchesOfDifferentLengths() throws {
        func result(_ name: String, batch: Int) -> BenchmarkResult {
            var result = NoiseModel.result(name, processes: [[10, 11], [10, 12], [11, 12]])
            result.processes = result.processes?.map { var run = $0; run.batchSize = batch; return run }
            result.batchSize = batch
            return result
        }
        let base = NoiseModel.report([result("a", batch: 23), result("b", batch: 40)], processes: 3)
        let head = NoiseModel.report([result("a", batch: 89), result("b", batch: 40)], processes: 3)
        let comparison = try Comparison(base: base, head: head, baseName: "b.json", headName: "h.json", options: ComparisonOptions())
        let wall = try #require(comparison.rows.first { $0.benchmark == "a" && $0.metric == .wall })
        #expect(wall.context.contains("batch 23 vs 89"))
        #expect(comparison.rows.first { $0.benchmark == "a" && $0.metric == .allocations }?.context.contains("batch 23 vs 89") == false)
        #expect(comparison.rows.first { $0.benchmark == "b" && $0.metric == .wall }?.context.contains { $0.hasPrefix("batch") } == false)
        #expect(comparison.notes.contains { $0.contains("1 benchmark(s) timed batches of different lengths") && $0.contains("--batch-sizes-from") })
        #expect(base.batchSizes == ["a": 23, "b": 40])
    }

    @Test func reportsWithNothingInCommonAreIncomparable() {
        #expect(throws: BenchError.self) {
            try Comparison(
                base: SerializedBenchTests.GateHonestyTests.report(["a": [1, 2]]), head: SerializedBenchTests.GateHonestyTests.report(["b": [1, 2]]),
                baseName: "b", headName: "h", options: ComparisonOptions())
        }
    }

    @Test func allocationsCompareExactlyWithoutAStatisticalTest() throws {
        let base = SerializedBenchTests.GateHonestyTests.report(["a": [1, 2, 3]])
        var head = base
        head.benchmarks[0].metrics[Metric.allocations.rawValue] = MetricRecord(unit: "allocs/op", samples: [4, 4, 4], cap: 10)
        let comparison = try Comparison(
            base: base, head: head, baseName: "b", headName: "h", options: ComparisonOptions(metrics: [.allocations]))
        let row = try #require(comparison.rows.first)
        #expect(row.deterministic)
        #expect(row.pValue == nil)
        #expect(row.verdict == .regressed)
        #expect(comparison.exitCode == .regression)
        let same = try Comparison(
            base: base, head: base, baseName: "b", headName: "h", options: ComparisonOptions(metrics: [.allocations]))
        #expect(same.rows.first?.verdict == .unchanged)
    }

    @Test func aFailedHeadBenchmarkMakesExitThree() throws {
        let base = SerializedBenchTests.GateHonestyTests.report(["a": [1, 2, 3], "b": [1, 2, 3]])
        var head = base
        head.benchmarks[1].status = .failed
        head.benchmarks[1].failure = "boom"
        let comparison = try Comparison(base: base, head: head, baseName: "b", headName: "h", options: ComparisonOptions())
        #expect(comparison.failedBenchmarks == ["b"])
        #expect(comparison.exitCode == .crashed)
    }

    @Test func perBenchmarkThresholdsOverridePerMetricOnes() {
        let options = ComparisonOptions(threshold: 0.05, metricThresholds: ["cpu": 0.1], benchmarkThresholds: ["x": 0.5])
        #expect(options.threshold(for: "x", metric: .cpu) == 0.5)
        #expect(options.threshold(for: "y", metric: .cpu) == 0.1)
        #expect(options.threshold(for: "y", metric: .wall) == 0.05)
    }

    @Test func optionParsersNameTheBadInput() throws {
        #expect(try ComparisonOptions.parsePercentage("5%") == 0.05)
        #expect(try ComparisonOptions.parsePercentage("12.5%") == 0.125)
        #expect(throws: BenchError.self) { try ComparisonOptions.parsePercentage("12.5") }
        #expect(throws: BenchError.self) { try ComparisonOptions.parseMetrics([""]) }
        let error = try #require(throws: BenchError.self) { try ComparisonOptions.parsePercentage("five") }
        #expect(error.message.contains("five"))
        #expect(try ComparisonOptions.parseMetrics(["wall,cpu", "allocs"]) == [.wall, .cpu, .allocations])
        #expect(throws: BenchError.self) { try ComparisonOptions.parseMetrics(["speed"]) }
        let (name, value) = try ComparisonOptions.parseAssignment("queue.shuffle.10k=10%")
        #expect(name == "queue.shuffle.10k" && value == 0.1)
    }

    @Test func theProfileDiffRanksTheFunctionWhoseSelfShareGrewMostFirst() {
        let base = ProfileSummary(totalSamples: 100, duration: 1, functions: [
            FunctionShare(name: "shuffle", module: "M", selfShare: 0.6, cumulativeShare: 0.9),
            FunctionShare(name: "random", module: "M", selfShare: 0.4, cumulativeShare: 0.4),
        ])
        let head = ProfileSummary(totalSamples: 100, duration: 1, functions: [
            FunctionShare(name: "shuffle", module: "M", selfShare: 0.5, cumulativeShare: 0.8),
            FunctionShare(name: "random", module: "M", selfShare: 0.35, cumulativeShare: 0.35),
            FunctionShare(name: "slow", module: "M", selfShare: 0.15, cumulativeShare: 0.15),
        ])
        let changes = ProfileDiff.grown(base: base.shares, head: head.shares)
        #expect(changes.map(\.name) == ["slow"])
        #expect(abs(changes[0].selfShareDelta - 0.15) < 1e-12)
    }
}
