import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

/// Issue 14, items 1–4 at the library level: the writer's destinations, validation, escaping,
/// one key per function and a start time that survives round trips.
@Suite struct ValidationTests {
    let profile = SyntheticProfiles.profile

    @Test func exportsRefuseWeightsWhoseTimeOverflowsInsteadOfTrapping() throws {
        var heavy = profile
        heavy.samples[0].weight = 1 << 62
        for format in [ProfileFormat.pprof, .speedscope, .pstats, .native] {
            let error = try #require(throws: ProfilerError.self) { try heavy.encoded(as: format) }
            #expect(error.code == .invalidProfile)
            #expect(error.message.contains("weight"), "\(error.message)")
        }
        heavy.samples[1].weight = 1 << 62
        #expect(heavy.weightedSampleCount == Int.max, "the count saturates rather than trapping")
        // Tables, diffs and flame-graph trees of a profile nobody validated saturate too.
        #expect(heavy.table(limit: 0).contains("samples"))
        #expect(ProfileAggregate(heavy).totalSamples == Int.max)
        #expect(FlameGraphTree(heavy).total == Int.max)
        #expect(!ProfileDiff(base: profile, head: heavy).table().isEmpty)
    }

    @Test func aProfileWithoutSamplesIsNotExportedAsPstats() throws {
        var empty = profile
        empty.samples = []
        let error = try #require(throws: ProfilerError.self) { try empty.encoded(as: .pstats) }
        #expect(error.message.contains("no samples"))
        _ = try empty.encoded(as: .svg)
    }

    @Test func metadataProblemsNameTheField() {
        var bad = profile
        bad.metadata.frequency = 0
        #expect(bad.validationProblem()?.contains("metadata.frequency is 0") == true)
        bad = profile
        bad.metadata.duration = -2
        #expect(bad.validationProblem()?.contains("metadata.duration is -2.0") == true)
        bad = profile
        bad.metadata.mode = ProfilingMode(rawValue: "allocations")
        #expect(bad.validationProblem()?.contains("metadata.mode 'allocations'") == true)
        bad = profile
        bad.metadata.startTime = Date(timeIntervalSince1970: 1e13)
        #expect(bad.validationProblem()?.contains("startTime") == true)
        #expect(profile.validationProblem() == nil)
    }

    @Test func controlCharactersBecomeVisibleText() {
        #expect(Profile.printable("a\u{0}b\u{1B}[0m") == "a\\u{0}b\\u{1B}[0m")
        #expect(FlameGraphRenderer.escape("<x\u{7}>") == "&lt;x\\u{7}&gt;")
        #expect(Profile.printable("plain") == "plain")
    }

    @Test func compilerGeneratedFramesJoinTheFunctionsSourceFile() {
        let frames = [
            Frame(address: 1, mappingIndex: nil, function: "f", mangledName: "f", module: "M", file: "/src/F.swift", line: 4),
            Frame(address: 2, mappingIndex: nil, function: "f", mangledName: "f", module: "M", file: "//<compiler-generated>"),
            Frame(address: 3, mappingIndex: nil, function: "f", mangledName: "f", module: "M"),
            Frame(address: 4, mappingIndex: nil, function: "g", mangledName: "g", module: "M", file: "/src/A.swift", line: 1),
            Frame(address: 5, mappingIndex: nil, function: "g", mangledName: "g", module: "M", file: "/src/B.swift", line: 1),
            Frame(address: 6, mappingIndex: nil, function: "g", mangledName: "g", module: "M", file: "//<compiler-generated>"),
        ]
        let files = FunctionKey.keys(for: frames).map(\.file)
        #expect(files == ["/src/F.swift", "/src/F.swift", "/src/F.swift", "/src/A.swift", "/src/B.swift", "//<compiler-generated>"])
    }

    @Test func theStartTimeSurvivesRepeatedSavesToTheMillisecond() throws {
        var timed = profile
        timed.metadata.startTime = Date(timeIntervalSince1970: 1_767_323_045.005)
        var data = try timed.encoded(as: .native)
        for _ in 0 ..< 5 {
            data = try Profile(decoding: data, name: "round trip").encoded(as: .native)
        }
        #expect(String(decoding: data, as: UTF8.self).contains("\"startTime\":\"2026-01-02T03:04:05.005Z\""))
    }

    @Test func theWriterRefusesAFolderAndWritesThroughAFIFO() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folderError = try #require(throws: ProfilerError.self) { try AtomicFile.write(Data("x".utf8), to: directory) }
        #expect(folderError.message.contains("is a folder"))

        let fifo = directory.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(try AtomicFile.Destination(fifo.path) == .stream(fifo.path))
        let link = directory.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target")
        #expect(try AtomicFile.Destination(link.path) == .file(directory.appendingPathComponent("target").path))
    }
}
