import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

@Suite struct PstatsTests {
    let profile = SyntheticProfiles.profile

    @Test func theMarshalWriterUsesPythonsTypeCodes() {
        var writer = MarshalWriter()
        writer.beginDict()
        writer.beginTuple(count: 2)
        writer.string("a")
        writer.int(-2)
        writer.float(0.5)
        writer.endDict()
        let expected: [UInt8] = [
            0x7B,  // {
            0x29, 2,  // ) small tuple of 2
            0x7A, 1, 0x61,  // z short ascii "a"
            0x69, 0xFE, 0xFF, 0xFF, 0xFF,  // i -2
            0x67, 0, 0, 0, 0, 0, 0, 0xE0, 0x3F,  // g 0.5
            0x30,  // 0 NULL
        ]
        #expect(writer.bytes == expected)
    }

    @Test func nonASCIINamesAreWrittenAsUTF8Strings() {
        var writer = MarshalWriter()
        writer.string("é")
        #expect(writer.bytes == [0x75, 2, 0, 0, 0, 0xC3, 0xA9])
    }

    @Test func theTableFollowsTheSampleMapping() {
        let table = PstatsWriter.table(FunctionTotals(profile))
        let decode = table.first { $0.key.name.hasPrefix("MusicBot.decode") }
        // decode: leaf in samples weighing 3+1+1 = 5, on the stack in 3+1+2+1 = 7; its two addresses merge.
        #expect(decode?.key.file == "Sources/MusicBot/Codec.swift")
        #expect(decode?.key.line == 88)
        #expect(decode?.value.selfSamples == 5)
        #expect(decode?.value.totalSamples == 7)
        let sort = table.first { $0.key.name.hasPrefix("MusicBot.TrackQueue.sort") }
        #expect(sort?.value.totalSamples == 3)  // recursion counts once per sample
        let retain = table.first { $0.key.name == "swift_retain" }
        #expect(retain?.key.file == "libswiftCore.so")  // no source file: the module stands in
        #expect(retain?.key.line == 0)
    }

    @Test(arguments: [SyntheticProfiles.profile, SyntheticProfiles.large(samples: 3_000)])
    func integerKeyedTotalsMatchProfileAggregate(profile: Profile) {
        let totals = FunctionTotals(profile)
        let aggregate = ProfileAggregate(profile)
        #expect(totals.weightedSamples == aggregate.totalSamples)
        #expect(totals.functions.count == aggregate.functions.count)
        for (id, function) in totals.functions.enumerated() {
            let stats = aggregate.functions[FunctionKey(name: function.name, module: function.module, file: function.file)]
            #expect(stats?.selfSamples == totals.selfSamples[id])
            #expect(stats?.totalSamples == totals.totalSamples[id])
            #expect(stats?.line == totals.firstLine[id])
        }
        var edges: [String: (Int, Int)] = [:]
        for edge in totals.edges {
            edges["\(totals.functions[edge.caller].name)→\(totals.functions[edge.callee].name)"] = (edge.selfSamples, edge.totalSamples)
        }
        #expect(edges.count == aggregate.edges.count)
        for edge in aggregate.edges {
            let mine = edges["\(edge.caller.name)→\(edge.callee.name)"]
            #expect(mine?.0 == edge.selfSamples && mine?.1 == edge.totalSamples, "\(edge.caller.name)→\(edge.callee.name)")
        }
    }

    @Test(.enabled(if: Python.has("pstats", "snakeviz.stats", "gprof2dot"), "needs python3 with snakeviz and gprof2dot (pip install snakeviz gprof2dot)"))
    func pstatsSnakevizAndGprof2dotLoadTheFile() throws {
        let result = try withExportedFile(profile, as: .pstats, named: "synthetic.prof") { url in
            try Python.check("check_pstats.py", [url.path])
        }
        #expect(result["printed_cumulative"] as? Bool == true)
        #expect(result["printed_callers"] as? Bool == true)
        #expect(result["dot_is_digraph"] as? Bool == true)
        #expect((result["dot_edges"] as? Int ?? 0) > 0)
        let functions = try #require(result["functions"] as? [String: [String: Any]])
        let aggregate = ProfileAggregate(profile)
        #expect(functions.count == aggregate.functions.count)
        #expect(result["snakeviz_rows"] as? Int == functions.count)
        let totalSelf = try #require(result["total_tt"] as? Double)
        #expect(abs(totalSelf - Double(profile.weightedSampleCount) * profile.period) < 1e-9)

        for stats in aggregate.functions.values {
            let loaded = try #require(functions[stats.name], "\(stats.name) is missing")
            #expect(loaded["nc"] as? Int == stats.totalSamples)
            #expect(loaded["cc"] as? Int == stats.totalSamples)
            #expect(abs((loaded["tt"] as? Double ?? -1) - stats.selfTime) < 1e-9)
            #expect(abs((loaded["ct"] as? Double ?? -1) - stats.cumulativeTime) < 1e-9)
        }
        let decode = try #require(functions["MusicBot.decode(_: Foundation.Data) -> MusicBot.Track"])
        let callers = try #require(decode["callers"] as? [String: [Double]])
        // loadTracks called decode in samples weighing 3+1+2; worker's run loop in one.
        #expect(callers.keys.sorted() == ["MusicBot.TrackLoader.loadTracks(query: Swift.String) async throws -> [MusicBot.Track]", "MusicBot.Worker.run() -> ()"])
        #expect(callers["MusicBot.TrackLoader.loadTracks(query: Swift.String) async throws -> [MusicBot.Track]"]?.first == 6)
    }

    @Test(.enabled(if: Python.hasCommand("snakeviz"), "needs the snakeviz command (pip install snakeviz)"))
    func snakevizServesThePageForTheFile() throws {
        let result = try withExportedFile(profile, as: .pstats, named: "synthetic.prof") { url in
            try Python.check("check_snakeviz_server.py", [url.path, "\(18_000 + Int(getpid() % 1000))"])
        }
        #expect(result["status"] as? Int == 200)
        let page = try #require(result["page"] as? String)
        #expect(page.contains("snakeviz"))
        #expect(page.contains("TrackLoader.loadTracks"), "the page embeds the profile's functions")
    }
}
