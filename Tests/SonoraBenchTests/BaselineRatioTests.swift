import Foundation
import Testing
@testable import SonoraBench

/// A benchmark measured against a baseline in the same run (profiled vs unprofiled) is reported
/// as per-round ratios: drift that hits both sides of a round cancels.
@Suite struct BaselineRatioTests {
    @Test func theRatioPairsProcessesByRoundSoDriftCancels() throws {
        // The machine drifts 3× slower over the rounds; the profiled side is 10% slower in each.
        let drift = [1.0, 2.0, 3.0, 1.5]
        let unprofiled = NoiseModel.result("plain", processes: drift.map { [100 * $0, 100 * $0, 100 * $0] })
        var profiled = NoiseModel.result("profiled", processes: drift.map { [110 * $0, 110 * $0, 110 * $0] })
        profiled.baseline = "plain"
        let report = NoiseModel.report([unprofiled, profiled], processes: drift.count)
        let ratio = try #require(BaselineRatio.all(in: report).first)
        #expect(BaselineRatio.all(in: report).count == 1)
        #expect(ratio.name == "profiled" && ratio.baseline == "plain" && ratio.rounds == 4)
        #expect(abs(ratio.test.estimate - 1.10) < 1e-9)
        #expect(ratio.line.hasPrefix("profiled / plain: ×1.100"))
        #expect(RunTableRenderer.render(report).contains("ratios to baselines:\n  profiled / plain: ×1.100"))
    }

    @Test func aMissingOrFailedBaselineGivesNoRatio() {
        var orphan = NoiseModel.result("orphan", processes: [[1], [2]])
        orphan.baseline = "nowhere"
        var failed = NoiseModel.result("plain", processes: [[1], [2]])
        failed.status = .failed
        var profiled = NoiseModel.result("profiled", processes: [[1], [2]])
        profiled.baseline = "plain"
        #expect(BaselineRatio.all(in: NoiseModel.report([orphan, failed, profiled], processes: 2)).isEmpty)
    }

    @Test func theSessionRecordsEachBenchmarksBaselineInTheReport() async {
        let plain = Benchmark("ratio.plain") { blackHole(1) }
        let other = Benchmark("ratio.other") { blackHole(2) }.relative(to: "ratio.plain")
        let session = BenchSession(
            runner: BenchmarkRunner(
                configuration: BenchmarkConfiguration(
                    warmupTime: 0, maxSamples: 2, maxTime: 0, minSamples: 2, minBatchTime: 0, maxBatchSize: 4, profileTime: 0,
                    rawSampleCap: 2),
                profiling: false),
            settingsName: "smoke", repository: URL(fileURLWithPath: "/"))
        let (report, _) = await session.run([plain, other])
        #expect(report.result(named: "ratio.other")?.baseline == "ratio.plain")
        #expect(report.result(named: "ratio.plain")?.baseline == nil)
        #expect(BaselineRatio.all(in: report).map(\.name) == ["ratio.other"])
    }
}
