import Foundation
import Testing
@testable import SonoraBench

extension SerializedBenchTests {
    /// Proves the regression gate's error rates with simulated timings from fixed seeds.
    @Suite struct GateHonestyTests {
        /// A report with one benchmark whose wall and CPU samples are `values`.
        static func report(_ benchmarks: [String: [Double]]) -> BenchReport {
            let results = benchmarks.keys.sorted().map { name in
                BenchmarkResult(
                    name: name, tags: [], status: .ok, failure: nil, scope: .thread, configuration: .quick, batchSize: 1,
                    firstRunNanos: nil, timerOverheadNanos: 0,
                    metrics: [
                        Metric.wall.rawValue: MetricRecord(unit: "ns/op", samples: benchmarks[name]!, cap: 1_000, resamples: 0),
                        Metric.allocations.rawValue: MetricRecord(unit: "allocs/op", samples: [3, 3, 3], cap: 10, resamples: 0),
                    ],
                    peakRSSDeltaBytes: nil, peakRSSIsLocal: false, warnings: [], profile: nil, profileThreadID: nil,
                    profileUnavailable: nil)
            }
            return BenchReport(
                toolVersion: "test", git: GitState(sha: nil, dirty: false, tag: nil), swiftVersion: "6.3",
                buildConfiguration: "debug",
                machine: MachineFingerprint(cpuModel: "cpu", cores: 2, memoryBytes: 1 << 34, kernel: "6", hostnameHash: "h"),
                timestamp: Date(timeIntervalSince1970: 0), settingsName: "quick", settings: .quick, loadAverageAtStart: nil,
                benchmarks: results)
        }

        /// Timings with 5% log-normal noise around `center`, like a quiet machine's samples; 50
        /// samples, half of what the standard settings collect.
        static func timings(_ generator: inout SeededGenerator, center: Double, count: Int = 50) -> [Double] {
            (0..<count).map { _ in center * exp(0.05 * generator.nextGaussian()) }
        }

        static func flaggedTrials(shift: Double, seed: UInt64) throws -> Int {
            var generator = SeededGenerator(seed: seed)
            var flagged = 0
            for _ in 0..<200 {
                let base = report(["a": timings(&generator, center: 1_000), "b": timings(&generator, center: 5_000)])
                let head = report(["a": timings(&generator, center: 1_000 * shift), "b": timings(&generator, center: 5_000)])
                let comparison = try Comparison(
                    base: base, head: head, baseName: "base", headName: "head",
                    options: ComparisonOptions(threshold: 0.05, metrics: [.wall]))
                if comparison.regressedBenchmarks.contains("a") { flagged += 1 }
                #expect(!comparison.regressedBenchmarks.contains("b"))
            }
            return flagged
        }

        @Test func identicalDistributionsAreFlaggedInAtMostFivePercentOfTrials() throws {
            let flagged = try Self.flaggedTrials(shift: 1.0, seed: 2026)
            #expect(flagged <= 10, "A/A trials flagged \(flagged) of 200")
        }

        @Test func aTenPercentSlowdownIsFlaggedInAtLeastNinetyFivePercentOfTrials() throws {
            let flagged = try Self.flaggedTrials(shift: 1.10, seed: 1130)
            #expect(flagged >= 190, "+10% trials flagged \(flagged) of 200")
        }

        @Test func aSmallRealChangeInsideTheThresholdIsNotARegression() throws {
            var generator = SeededGenerator(seed: 3)
            let base = Self.report(["a": Self.timings(&generator, center: 1_000, count: 100)])
            let head = Self.report(["a": Self.timings(&generator, center: 1_020, count: 100)])
            let comparison = try Comparison(
                base: base, head: head, baseName: "base", headName: "head", options: ComparisonOptions(metrics: [.wall]))
            #expect(comparison.rows.first?.verdict == .unchanged)
            #expect(comparison.exitCode == .pass)
        }

        @Test func aFasterHeadIsAnImprovementAndPasses() throws {
            var generator = SeededGenerator(seed: 4)
            let base = Self.report(["a": Self.timings(&generator, center: 1_000)])
            let head = Self.report(["a": Self.timings(&generator, center: 700)])
            let comparison = try Comparison(
                base: base, head: head, baseName: "base", headName: "head", options: ComparisonOptions(metrics: [.wall]))
            #expect(comparison.rows.first?.verdict == .improved)
            #expect(comparison.exitCode == .pass)
        }

        @Test func fewNoisySamplesAreInconclusiveRatherThanARegression() throws {
            let base = Self.report(["a": [1_000, 1_300, 900]])
            let head = Self.report(["a": [1_100, 1_500, 950]])
            let comparison = try Comparison(
                base: base, head: head, baseName: "base", headName: "head", options: ComparisonOptions(metrics: [.wall]))
            #expect(comparison.rows.first?.verdict == .inconclusive)
        }
    }
}
