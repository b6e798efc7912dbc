import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraBench

@Suite struct ReportStoreTests {
    @Test func aSavedReportReadsBackWithItsSamplesAndSummary() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var report = SerializedBenchTests.GateHonestyTests.report(["queue.append.100": [10, 11, 12, 13]])
        report.git = GitState(sha: "0123456789abcdef", dirty: true, tag: nil)
        let url = try BenchSession.save(report, in: directory, label: "baseline")
        #expect(url.lastPathComponent == "0123456-baseline.json")
        let loaded = try ReportStore.read(from: url)
        #expect(loaded.schemaVersion == BenchReport.currentSchemaVersion)
        #expect(loaded.git == report.git)
        #expect(loaded.machine == report.machine)
        let wall = try #require(loaded.result(named: "queue.append.100")?[.wall])
        #expect(wall.samples == [10, 11, 12, 13])
        #expect(wall.summary?.median == 11.5)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func aTagNamesTheReportBeforeTheSHA() {
        #expect(ReportStore.fileName(git: GitState(sha: "abcdef0123", dirty: false, tag: "v1.2.0"), label: nil) == "v1.2.0.json")
        #expect(ReportStore.fileName(git: GitState(sha: nil, dirty: false, tag: nil), label: "x") == "unversioned-x.json")
    }

    @Test func aNewerSchemaVersionIsRefusedNamingTheFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("future.json")
        try Data(#"{"schemaVersion": 99, "benchmarks": []}"#.utf8).write(to: url)
        let error = try #require(throws: BenchError.self) { try ReportStore.read(from: url) }
        #expect(error.code == .unsupportedSchema)
        #expect(error.message.contains("future.json"))
        #expect(error.message.contains("99"))
        #expect(BenchExitCode(for: error) == .baseline)
    }

    @Test func aCorruptFileIsRefusedAsCorrupt() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let truncated = directory.appendingPathComponent("truncated.json")
        try Data(#"{"schemaVersion": 1, "toolVersion": "0.1"#.utf8).write(to: truncated)
        let error = try #require(throws: BenchError.self) { try ReportStore.read(from: truncated) }
        #expect(error.code == .corruptReport)
        #expect(BenchExitCode(for: error) == .usage)
        let incomplete = directory.appendingPathComponent("incomplete.json")
        try Data(#"{"schemaVersion": 1}"#.utf8).write(to: incomplete)
        #expect(throws: BenchError.self) { try ReportStore.read(from: incomplete) }
    }

    @Test func aMissingBaselineMapsToExitFour() throws {
        let error = try #require(throws: BenchError.self) {
            try ReportStore.read(from: URL(fileURLWithPath: "/nonexistent/base.json"))
        }
        #expect(error.code == .missingReport)
        #expect(BenchExitCode(for: error) == .baseline)
    }
}
