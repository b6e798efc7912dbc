import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraBench

/// Which saved report `bench run` offers to compare with: by the benchmarks it shares and the time it
/// records, since a clone gives every committed report the same file date.
@Suite struct PreviousReportTests {
    /// Writes a report of `benchmarks` that records `recorded` (seconds since 1970) into a file whose
    /// modification date is `modified`.
    static func save(_ name: String, _ benchmarks: [String], recorded: TimeInterval, modified: TimeInterval, in directory: URL) throws {
        var report = SerializedBenchTests.GateHonestyTests.report(Dictionary(uniqueKeysWithValues: benchmarks.map { ($0, [1, 2, 3]) }))
        report.timestamp = Date(timeIntervalSince1970: recorded)
        let url = directory.appendingPathComponent(name)
        try ReportStore.write(report, to: url)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: modified)], ofItemAtPath: url.path)
    }

    static func previous(_ benchmarks: [String], in directory: URL) -> String? {
        ReportStore.previousReport(in: directory, sharing: benchmarks)?.lastPathComponent
    }

    @Test func theReportSharingMostBenchmarksWinsAndAmongThoseTheNewestRecordedNotTheNewestFile() throws {
        try withTemporaryDirectory { directory in
            // File dates in the opposite order of the recorded times, as after a clone or a copy.
            try Self.save("old-full.json", ["a", "b", "c"], recorded: 1_000, modified: 9_000, in: directory)
            try Self.save("new-full.json", ["a", "b", "c"], recorded: 3_000, modified: 1_000, in: directory)
            try Self.save("newest-partial.json", ["a"], recorded: 4_000, modified: 5_000, in: directory)
            try Self.save("unrelated.json", ["x"], recorded: 5_000, modified: 6_000, in: directory)
            let broken = directory.appendingPathComponent("broken.json")
            try Data("{not a report".utf8).write(to: broken)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 10_000)], ofItemAtPath: broken.path)

            #expect(Self.previous(["a", "b", "c"], in: directory) == "new-full.json")
            #expect(Self.previous(["a", "b", "c", "d"], in: directory) == "new-full.json")
            #expect(Self.previous(["a"], in: directory) == "newest-partial.json")
            #expect(Self.previous(["x", "a"], in: directory) == "unrelated.json")
            #expect(Self.previous(["x"], in: directory) == "unrelated.json")
            #expect(Self.previous(["z"], in: directory) == nil)
            // The file date alone still names the newest file that reads as a report.
            #expect(ReportStore.latestReport(in: directory)?.lastPathComponent == "old-full.json")
        }
    }

    @Test func theFileDateBreaksATieInRecordedTime() throws {
        try withTemporaryDirectory { directory in
            try Self.save("first.json", ["a"], recorded: 1_000, modified: 2_000, in: directory)
            try Self.save("second.json", ["a"], recorded: 1_000, modified: 3_000, in: directory)
            #expect(Self.previous(["a"], in: directory) == "second.json")
        }
    }
}
