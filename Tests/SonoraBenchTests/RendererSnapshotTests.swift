import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraBench

/// Golden-file tests for the renderers; `SONORA_RECORD_SNAPSHOTS=1` re-records them.
@Suite struct RendererSnapshotTests {
    static let snapshots = Snapshot.folder(besides: #filePath)

    /// Checks `text` against `Snapshots/<name>`, or records it.
    static func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Snapshot.assertMatches(text, named: name, in: snapshots, sourceLocation: sourceLocation)
    }

    /// A base and a head report where `queue.shuffle.10k` got 30% slower in a new function.
    static func reports() -> (BenchReport, BenchReport) {
        var generator = SplitMix64(seed: 42)
        typealias Gate = SerializedBenchTests.GateHonestyTests
        var base = Gate.report([
            "queue.append.10k": Gate.timings(&generator, center: 52),
            "queue.shuffle.10k": Gate.timings(&generator, center: 180_000),
            "track.decode.corpus": Gate.timings(&generator, center: 4_100_000),
        ])
        var head = Gate.report([
            "queue.append.10k": Gate.timings(&generator, center: 51),
            "queue.shuffle.10k": Gate.timings(&generator, center: 234_000),
            "track.decode.corpus": Gate.timings(&generator, center: 3_300_000),
        ])
        base.benchmarks[1].profile = ProfileSummary(totalSamples: 400, duration: 0.4, functions: [
            FunctionShare(name: "QueueSuite.shuffle", module: "SonoraSuites", selfShare: 0.05, cumulativeShare: 1.0),
            FunctionShare(name: "TrackQueue.shuffle(using:)", module: "SonoraMusic", selfShare: 0.55, cumulativeShare: 0.95),
            FunctionShare(name: "swift_retain", module: "libswiftCore.so", selfShare: 0.40, cumulativeShare: 0.40),
        ])
        head.benchmarks[1].profile = ProfileSummary(totalSamples: 520, duration: 0.4, functions: [
            FunctionShare(name: "QueueSuite.shuffle", module: "SonoraSuites", selfShare: 0.04, cumulativeShare: 1.0),
            FunctionShare(name: "TrackQueue.shuffle(using:)", module: "SonoraMusic", selfShare: 0.42, cumulativeShare: 0.96),
            FunctionShare(name: "sonoraInjectedSlowdown(_:)", module: "SonoraBench", selfShare: 0.23, cumulativeShare: 0.23),
            FunctionShare(name: "swift_retain", module: "libswiftCore.so", selfShare: 0.31, cumulativeShare: 0.31),
        ])
        head.benchmarks[0].warnings = ["high variation: wall time varies 12.0% (coefficient of variation above 10.0%); 1 outliers"]
        return (base, head)
    }

    static func comparison() throws -> Comparison {
        let (base, head) = reports()
        return try Comparison(
            base: base, head: head, baseName: "reports/v0.1.0.json", headName: "reports/abc1234.json",
            options: ComparisonOptions(metrics: [.wall, .allocations]))
    }

    @Test func theTextComparisonMatchesItsGoldenFile() throws {
        try Self.assertSnapshot(try ComparisonRenderer(format: .text).render(try Self.comparison()), named: "compare.txt")
    }

    @Test func theMarkdownComparisonMatchesItsGoldenFile() throws {
        try Self.assertSnapshot(try ComparisonRenderer(format: .markdown).render(try Self.comparison()), named: "compare.md")
    }

    @Test func theJSONComparisonCarriesVerdictsAndTheExitCode() throws {
        let json = try ComparisonRenderer(format: .json).render(try Self.comparison())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["exitCode"] as? Int == 1)
        #expect(object["regressed"] as? [String] == ["queue.shuffle.10k"])
    }

    @Test func theRunTableMatchesItsGoldenFile() throws {
        let (_, head) = Self.reports()
        try Self.assertSnapshot(RunTableRenderer.render(head), named: "run-table.txt")
    }

    @Test func theComparisonVerdictsAreTheExpectedOnes() throws {
        let comparison = try Self.comparison()
        let wall = Dictionary(uniqueKeysWithValues: comparison.rows.filter { $0.metric == .wall }.map { ($0.benchmark, $0.verdict) })
        #expect(wall["queue.shuffle.10k"] == .regressed)
        #expect(wall["track.decode.corpus"] == .improved)
        #expect(wall["queue.append.10k"] == .unchanged)
        #expect(comparison.profileDiffs.first?.functions.first?.name == "sonoraInjectedSlowdown(_:)")
    }
}
