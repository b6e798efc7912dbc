import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

@Suite struct TableSnapshotTests {
    static func frame(_ name: String, _ address: UInt64, file: String? = nil, line: Int? = nil, module: String = "Demo") -> Frame {
        Frame(address: address, mappingIndex: nil, function: name, mangledName: "$s" + name, module: module, file: file, line: line)
    }

    /// main → parse → tokenize (leaf), main → render (leaf), main → parse → qsort (libc), recursion in walk.
    static let profile: Profile = {
        var health = SamplerHealth()
        health.samplesTaken = 9
        health.samplesDropped = 1
        health.walkerFallbacks = 2
        health.copyLimitHits = 3
        health.handlerMedianNanos = 1_840
        health.handlerP99Nanos = 7_250
        health.collectorMeanNanos = 9_000
        health.threadsSeen = 2
        return Profile(
            metadata: ProfileMetadata(
                mode: .cpu, frequency: 100, startTime: Date(timeIntervalSince1970: 0), duration: 0.25, pid: 42,
                commandLine: ["demo"], host: "host", swiftVersion: "6.3.1", buildConfiguration: "debug"),
            threads: [ProfiledThread(id: 100, name: "main"), ProfiledThread(id: 101, name: "")],
            mappings: [],
            frames: [
                frame("Demo.main() -> ()", 0x10, file: "/src/Demo/main.swift", line: 3),
                frame("Demo.parse(Swift.String) -> Demo.Tree", 0x20, file: "/src/Demo/Parser.swift", line: 40),
                frame("Demo.tokenize(Swift.String) -> [Demo.Token]", 0x30, file: "/src/Demo/Lexer.swift", line: 12),
                frame("Demo.render(Demo.Tree) -> Swift.String", 0x40, file: "/src/Demo/Render.swift", line: 7),
                frame("qsort", 0x50, module: "libc.so.6"),
                frame("Demo.walk(Demo.Tree) -> ()", 0x60, file: "/src/Demo/Walk.swift", line: 21),
                frame("Demo.parse(Swift.String) -> Demo.Tree", 0x21, file: "/src/Demo/Parser.swift", line: 44),
            ],
            samples: [
                Sample(stack: [2, 1, 0], weight: 3, threadID: 100),
                Sample(stack: [3, 0], weight: 2, threadID: 100),
                Sample(stack: [4, 6, 0], weight: 1, threadID: 100),
                Sample(stack: [5, 5, 5, 0], weight: 1, threadID: 101),
                Sample(stack: [0], weight: 1, threadID: 101),
            ],
            health: health,
            memory: MemoryUsage(rssAtStartMB: 20.25, peakMB: 220.5, rssAtEndMB: 21, peakIsSessionLocal: true))
    }()

    static let snapshots = Snapshot.folder(besides: #filePath)

    static func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Snapshot.assertMatches(text, named: name + ".txt", in: snapshots, sourceLocation: sourceLocation)
    }

    @Test func theCumulativeTableMatchesItsSnapshot() throws {
        try Self.assertSnapshot(Self.profile.profileStats, named: "table-cumulative")
    }

    @Test func theSelfTimeTableWithALimitMatchesItsSnapshot() throws {
        try Self.assertSnapshot(Self.profile.table(sortedBy: .selfTime, limit: 3), named: "table-tottime-limit-3")
    }

    @Test func aProcessLifetimePeakIsSaidSo() {
        var profile = Self.profile
        profile.memory.peakIsSessionLocal = false
        #expect(profile.profileStats.contains("process-lifetime peak"))
        #expect(!Self.profile.profileStats.contains("process-lifetime peak"))
    }

    @Test func everySortKeyOrdersTheRowsItsWay() {
        func names(_ key: TableSortKey) -> [String] {
            Profile.sorted(Self.profile.functions, by: key).map(\.name)
        }
        #expect(names(.cumulative).first == "Demo.main() -> ()")
        #expect(names(.selfTime).first == "Demo.tokenize(Swift.String) -> [Demo.Token]")
        #expect(names(.name) == names(.name).sorted())
        #expect(names(.file).first == "Demo.tokenize(Swift.String) -> [Demo.Token]")  // Lexer.swift
        #expect(names(.file).last == "qsort")  // no file: after every file
        #expect(names(.samples).first == "Demo.main() -> ()")
    }

    @Test func theHeaderNamesTheOrderAndTheReduction() {
        let table = Self.profile.table(sortedBy: .name, limit: 2)
        #expect(table.contains("Ordered by: function name"))
        #expect(table.contains("List reduced from 6 to 2 due to restriction <2>"))
    }
}

@Suite struct TableThreadSummaryTests {
    @Test func manyThreadsAreSummarizedAfterTheBusiestTen() {
        var profile = TableSnapshotTests.profile
        profile.samples = (1...12).map { Sample(stack: [0], weight: $0, threadID: Int32(200 + $0)) }
        let table = profile.profileStats
        #expect(table.contains("tid 212: 12 samples"))
        #expect(!table.contains("tid 202:"))
        #expect(table.contains("2 more threads: 3 samples"))
    }
}

@Suite struct TableWallModeTests {
    @Test func wallModeTablesGiveTheOnCPUShare() {
        var profile = TableSnapshotTests.profile
        profile.metadata.mode = .wall
        profile.samples = [
            Sample(stack: [0], weight: 3, threadID: 100, onCPU: true),
            Sample(stack: [3, 0], weight: 1, threadID: 100, onCPU: false),
        ]
        let header = profile.profileStats.split(separator: "\n")[0]
        #expect(header.hasSuffix("wall mode at 100 Hz, 75.0% on CPU"))
        #expect(!TableSnapshotTests.profile.profileStats.contains("on CPU"))
    }
}
