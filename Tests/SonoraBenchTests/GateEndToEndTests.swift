import Foundation
import Testing
@testable import SonoraBench

extension SerializedBenchTests {
    /// The gate end to end: run, run again with a known slowdown in one benchmark, compare.
    @Suite struct GateEndToEndTests {
        /// Shuffles a 10,000-element array with a seeded generator: the slowed benchmark.
        @inline(never)
        static func shuffleWorkload(_ values: inout [Int], _ generator: inout SeededGenerator) {
            values.shuffle(using: &generator)
        }

        /// Sums an array: a neighbor that must stay unchanged.
        @inline(never)
        static func sumWorkload(_ values: [Int]) -> Int {
            values.reduce(0, &+)
        }

        static let benchmarks = [
            Benchmark("gate.shuffle.10k", setUp: { (Array(0..<10_000), SeededGenerator(seed: 1)) }) { state in
                shuffleWorkload(&state.0, &state.1)
            },
            Benchmark("gate.sum.10k", setUp: { Array(0..<10_000) }) { values in
                blackHole(sumWorkload(values))
            },
        ]

        @Test func anInjectedSlowdownIsTheOnlyRegressionAndTheProfileDiffNamesIt() async throws {
            let directory = try ReportStoreTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            let injection = try SlowdownInjection.from(environment: ["SONORA_BENCH_INJECT": "gate.shuffle.10k:100%"])

            let base = BenchSession(runner: BenchmarkRunner(configuration: .quick), settingsName: "quick", repository: repository)
            let (baseReport, _) = await base.run(Self.benchmarks)
            let baseURL = try BenchSession.save(baseReport, in: directory, label: "base")
            var slowed = base
            slowed.runner.injection = injection
            let (headReport, _) = await slowed.run(Self.benchmarks)
            let headURL = try BenchSession.save(headReport, in: directory, label: "head")

            let comparison = try Comparison(
                base: try ReportStore.read(from: baseURL), head: try ReportStore.read(from: headURL),
                baseName: baseURL.lastPathComponent, headName: headURL.lastPathComponent,
                options: ComparisonOptions(threshold: 0.30, metrics: [.cpu, .allocations]))
            let text = try ComparisonRenderer(format: .text).render(comparison)
            #expect(comparison.exitCode == .regression, "\(text)")
            #expect(comparison.regressedBenchmarks == ["gate.shuffle.10k"], "\(text)")

            let diff = try #require(comparison.profileDiffs.first)
            #expect(diff.benchmark == "gate.shuffle.10k")
            if let reason = diff.unavailable {
                // The sampler has not been built in this tree; the diff says why instead.
                #expect(reason.hasPrefix("profile unavailable"))
            } else {
                let first = try #require(diff.functions.first, "\(text)")
                #expect(first.name.contains("sonoraInjectedSlowdown"), "\(text)")
            }
        }
    }
}
