import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

@Suite struct FoldedTests {
    let profile = SyntheticProfiles.profile

    @Test func linesRunFromThreadToLeafAndCountWeights() throws {
        let lines = FoldedWriter.render(profile).split(separator: "\n").map(String.init)
        #expect(lines.contains("main-100;main;MusicBot.TrackQueue.sort(by: (MusicBot.Track, MusicBot.Track) -> Swift.Bool) -> ();MusicBot.TrackQueue.sort(by: (MusicBot.Track, MusicBot.Track) -> Swift.Bool) -> ();MusicBot.TrackQueue.sort(by: (MusicBot.Track, MusicBot.Track) -> Swift.Bool) -> () 2"))
        #expect(lines.contains("thread-101;MusicBot.Worker.run() -> () 1"))
        // decode's two addresses fold into one line: 3 + 1.
        #expect(lines.contains("main-100;main;MusicBot.TrackLoader.loadTracks(query: Swift.String) async throws -> [MusicBot.Track];MusicBot.decode(_: Foundation.Data) -> MusicBot.Track 4"))
        let total = lines.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
        #expect(total == profile.weightedSampleCount)
    }

    @Test func separatorsInNamesAreReplaced() {
        #expect(FoldedWriter.clean("a;b\nc") == "a:b c")
    }
}

@Suite struct SpeedscopeTests {
    let profile = SyntheticProfiles.profile

    @Test(.enabled(if: Python.has("json"), "needs python3"))
    func theFileFollowsTheSchemaWithOneSampledProfilePerThread() throws {
        let result = try withExportedFile(profile, as: .speedscope, named: "synthetic.speedscope.json") { url in
            try Python.check("check_speedscope.py", [url.path])
        }
        let profiles = try #require(result["profiles"] as? [String: [String: Any]])
        #expect(profiles.keys.sorted() == ["main-100", "thread-101"])
        #expect(profiles["main-100"]?["total"] as? Int == 11 * 10_000_000)
        #expect(profiles["thread-101"]?["total"] as? Int == 5 * 10_000_000)
        #expect(profiles["main-100"]?["unit"] as? String == "nanoseconds")
        #expect(profiles["main-100"]?["roots"] as? [String] == ["main"], "stacks run root first")
        #expect(profiles["thread-101"]?["samples"] as? Int == 4)
        // decode's two addresses share one frame: 10 addresses, 9 functions.
        #expect(result["frame_count"] as? Int == 9)
    }
}
