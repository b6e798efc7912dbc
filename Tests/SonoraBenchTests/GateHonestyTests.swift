import Foundation
import Testing
@testable import SonoraBench

extension SerializedBenchTests {
    /// Proves the regression gate's error rates on simulated timings from fixed seeds, with the
    /// noise of a shared machine (``NoiseModel``: between-process level shifts, autocorrelated
    /// drift and batches, mid-run shifts), not independent samples.
    @Suite struct GateHonestyTests {
        /// A one-process report with one benchmark per entry whose wall samples are the values.
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

        /// Independent timings with 5% log-normal noise around `center`.
        static func timings(_ generator: inout SplitMix64, center: Double, count: Int = 50) -> [Double] {
            (0..<count).map { _ in center * exp(0.05 * generator.nextGaussian()) }
        }

        static let options = ComparisonOptions(threshold: 0.05, metrics: [.wall])

        /// Trials of interleaved A/B runs: how many flagged `a` (either direction) and how many
        /// flagged `b`, which never changes.
        static func interleavedTrials(factor: Double, seed: UInt64, trials: Int = 200, rounds: Int = 10) throws -> (a: Int, b: Int) {
            var model = NoiseModel(seed: seed)
            var flagged = (a: 0, b: 0)
            for _ in 0..<trials {
                let (base, head) = model.interleaved(rounds: rounds, factor: factor)
                let comparison = try Comparison(base: base, head: head, baseName: "base", headName: "head", options: options)
                let verdicts = Dictionary(uniqueKeysWithValues: comparison.rows.map { ($0.benchmark, $0.verdict) })
                if verdicts["a"] == .regressed || verdicts["a"] == .improved { flagged.a += 1 }
                if verdicts["b"] == .regressed || verdicts["b"] == .improved { flagged.b += 1 }
            }
            return flagged
        }

        @Test func sameBuildABRunsAreFlaggedInAtMostFivePercentOfTrials() throws {
            let flagged = try Self.interleavedTrials(factor: 1, seed: 2026)
            #expect(flagged.a + flagged.b <= 10, "A/A runs flagged a \(flagged.a) and b \(flagged.b) times of 200")
        }

        @Test func aTenPercentSlowdownIsCaughtInNinetyPercentOfABRunsAndNothingElseIsFlagged() throws {
            let flagged = try Self.interleavedTrials(factor: 1.10, seed: 1130)
            #expect(flagged.a >= 180, "+10% caught in \(flagged.a) of 200")
            #expect(flagged.b <= 10, "the untouched benchmark was flagged \(flagged.b) times of 200")
        }

        @Test func theABRowsArePairedByRound() throws {
            var model = NoiseModel(seed: 7)
            let (base, head) = model.interleaved(rounds: 6, factor: 1)
            let comparison = try Comparison(base: base, head: head, baseName: "base", headName: "head", options: Self.options)
            #expect(comparison.rows.allSatisfy { $0.method == .pairedRounds && $0.replicates == 6 })
        }

        /// `trials` separate A/A runs of three processes each (seed 99, no drift), each compared after `prepare`
        /// edits the reports; returns how many flagged any benchmark, after `check` saw each comparison.
        static func separateRunTrials(
            _ trials: Int, prepare: (inout BenchReport, inout BenchReport) -> Void = { _, _ in }, check: (Comparison) -> Void
        ) throws -> Int {
            var model = NoiseModel(seed: 99)
            model.driftStep = 0
            var flagged = 0
            for _ in 0..<trials {
                var (base, head) = model.separateRuns(processes: 3, factor: 1)
                prepare(&base, &head)
                let comparison = try Comparison(base: base, head: head, baseName: "base", headName: "head", options: options)
                check(comparison)
                if comparison.rows.contains(where: { $0.verdict == .regressed || $0.verdict == .improved }) { flagged += 1 }
            }
            return flagged
        }

        @Test func separateRunsTestedAtTheProcessLevelStayWithinTheFalseAlarmBudget() throws {
            let flagged = try Self.separateRunTrials(200) { comparison in
                #expect(comparison.rows.allSatisfy { $0.method == .processes })
            }
            #expect(flagged <= 10, "separate A/A runs flagged \(flagged) of 200")
        }

        @Test func poolingBatchesAsIfIndependentWouldRaiseFalseAlarmsUnderTheSameNoise() throws {
            // The failure mode the process level fixes: the same A/A data, tested over batches.
            let flagged = try Self.separateRunTrials(60) { base, head in
                for index in base.benchmarks.indices {
                    base.benchmarks[index].processes = nil
                    head.benchmarks[index].processes = nil
                }
                base.processesPerBenchmark = nil
                head.processesPerBenchmark = nil
            } check: { comparison in
                #expect(comparison.rows.allSatisfy { $0.method == .batches })
            }
            // More than twice the 5% budget.
            #expect(flagged > 6, "batch-level tests flagged only \(flagged) of 60 A/A runs")
        }

        @Test func aSmallRealChangeInsideTheThresholdIsNotARegression() throws {
            var generator = SplitMix64(seed: 3)
            let base = Self.report(["a": Self.timings(&generator, center: 1_000, count: 100)])
            let head = Self.report(["a": Self.timings(&generator, center: 1_020, count: 100)])
            let comparison = try Comparison(base: base, head: head, baseName: "base", headName: "head", options: Self.options)
            #expect(comparison.rows.first?.verdict == .unchanged)
            #expect(comparison.exitCode == .pass)
        }

        @Test func aFasterHeadIsAnImprovementAndPasses() throws {
            var generator = SplitMix64(seed: 4)
            let base = Self.report(["a": Self.timings(&generator, center: 1_000)])
            let head = Self.report(["a": Self.timings(&generator, center: 700)])
            let comparison = try Comparison(base: base, head: head, baseName: "base", headName: "head", options: Self.options)
            #expect(comparison.rows.first?.verdict == .improved)
            #expect(comparison.exitCode == .pass)
        }

        @Test func fewNoisySamplesAreInconclusiveAndFailOnlyWhenAskedTo() throws {
            let base = Self.report(["a": [1_000, 1_300, 900]])
            let head = Self.report(["a": [1_100, 1_500, 950]])
            let comparison = try Comparison(base: base, head: head, baseName: "base", headName: "head", options: Self.options)
            #expect(comparison.rows.first?.verdict == .inconclusive)
            #expect(comparison.exitCode == .pass)
            var strict = Self.options
            strict.failOnInconclusive = true
            let gated = try Comparison(base: base, head: head, baseName: "base", headName: "head", options: strict)
            #expect(gated.exitCode == .regression)
        }
    }
}
