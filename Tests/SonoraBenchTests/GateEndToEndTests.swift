import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraBench
import SonoraProfiler
import SonoraSuites

extension SerializedBenchTests {
    /// The gate end to end on the real queue suite: run, run again with a known slowdown injected
    /// into `queue.shuffle.10k` through `SONORA_BENCH_INJECT`, save both reports, compare.
    @Suite struct GateEndToEndTests {
        @Test func anInjectedSlowdownIsTheOnlyRegressionAndTheProfileDiffNamesIt() async throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            let benchmarks = try BenchSession.select(BuiltInSuites.all, filter: #"^queue\.(shuffle|move)\.10k$"#)
            #expect(benchmarks.map(\.name) == ["queue.move.10k", "queue.shuffle.10k"])
            // The test runs in a debug build beside other tests on a shared machine, so the slowdown
            // is large (+100%) and the threshold wide (30%); GateHonestyTests covers +10% exactly.
            let injection = try SlowdownInjection.from(environment: ["SONORA_BENCH_INJECT": "queue.shuffle.10k:100%"])

            let base = BenchSession(runner: BenchmarkRunner(configuration: .quick), settingsName: "quick", repository: repository)
            let (baseReport, _) = await base.run(benchmarks)
            let baseURL = try BenchSession.save(baseReport, in: directory, label: "base")
            var slowed = base
            slowed.runner.injection = injection
            let (headReport, headProfiles) = await slowed.run(benchmarks)
            let headURL = try BenchSession.save(headReport, profiles: headProfiles, in: directory, label: "head")

            let comparison = try Comparison(
                base: try ReportStore.read(from: baseURL), head: try ReportStore.read(from: headURL),
                baseName: baseURL.lastPathComponent, headName: headURL.lastPathComponent,
                options: ComparisonOptions(threshold: 0.30, metrics: [.cpu, .allocations]))
            let text = try ComparisonRenderer(format: .text).render(comparison)
            #expect(comparison.exitCode == .regression, "\(text)")
            #expect(comparison.regressedBenchmarks == ["queue.shuffle.10k"], "\(text)")

            let diff = try #require(comparison.profileDiffs.first)
            #expect(diff.benchmark == "queue.shuffle.10k")
            #expect(diff.unavailable == nil, "\(text)")
            let first = try #require(diff.functions.first, "\(text)")
            #expect(first.name.contains("sonoraInjectedSlowdown"), "\(text)")
            #expect(text.contains("sonoraInjectedSlowdown"))

            // The head run's profiles are saved beside its report: a native profile that loads back
            // and a flame graph, both named in the report.
            let saved = try #require(try ReportStore.read(from: headURL).benchmarks.first { $0.name == "queue.shuffle.10k" })
            let files = try #require(saved.profile?.files)
            #expect(files.map { URL(fileURLWithPath: $0).pathExtension }.sorted() == ["sonoraprofile", "svg"])
            let native = directory.appendingPathComponent(try #require(files.first { $0.hasSuffix(".sonoraprofile") }))
            let loaded = try Profile(contentsOf: native)
            #expect(loaded.functions.contains { $0.name.contains("sonoraInjectedSlowdown") })
        }
    }
}
