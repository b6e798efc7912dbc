import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

@Suite struct FlameGraphTests {
    let profile = SyntheticProfiles.profile

    func frames(_ options: FlameGraphOptions = .init()) throws -> [[String: Any]] {
        let result = try withExportedFile(profile, as: .svg, named: "graph.svg", flameGraph: options) { url in
            try Python.check("check_svg.py", [url.path])
        }
        return try #require(result["frames"] as? [[String: Any]])
    }

    func frame(_ frames: [[String: Any]], _ prefix: String) -> [String: Any]? {
        frames.first { ($0["name"] as? String)?.hasPrefix(prefix) == true }
    }

    @Test(.enabled(if: Python.has("xml.etree.ElementTree"), "needs python3"))
    func widthsAreProportionalToSamples() throws {
        let frames = try frames()
        let all = try #require(frame(frames, "all"))
        let width = try #require(all["width"] as? Double)
        #expect(abs(width - 1180) < 0.01)
        // loadTracks is on the stack in 3+1+2+1+1 = 8 of 16 weighted samples.
        let loadTracks = try #require(frame(frames, "MusicBot.TrackLoader.loadTracks"))
        #expect(abs((loadTracks["width"] as? Double ?? 0) - width * 8 / 16) < 0.01)
        let title = try #require(loadTracks["title"] as? String)
        #expect(title.contains("MusicBot.TrackLoader.loadTracks(query: Swift.String) async throws -> [MusicBot.Track] (MusicBot)"))
        #expect(title.contains("8 samples, 50.00%"))
    }

    @Test(.enabled(if: Python.has("xml.etree.ElementTree"), "needs python3"))
    func flamesGrowUpAndIciclesHangDown() throws {
        let flame = try frames()
        let icicle = try frames(FlameGraphOptions(icicle: true))
        let flameRoot = try #require(frame(flame, "all")?["y"] as? Double)
        let flameChild = try #require(frame(flame, "main")?["y"] as? Double)
        #expect(flameChild < flameRoot)
        let icicleRoot = try #require(frame(icicle, "all")?["y"] as? Double)
        let icicleChild = try #require(frame(icicle, "main")?["y"] as? Double)
        #expect(icicleChild > icicleRoot)
    }

    @Test(.enabled(if: Python.has("xml.etree.ElementTree"), "needs python3"))
    func labelsAreReadableWithoutScriptsAndEscaped() throws {
        let frames = try frames()
        let main = try #require(frame(frames, "main"))
        #expect(main["label"] as? String == "main")
        let append = try #require(frame(frames, "Swift.Array<MusicBot.Track>"))
        #expect((append["title"] as? String)?.contains("Swift.Array<MusicBot.Track>.append") == true)
    }

    @Test func colorsMarkUserCodeTheSwiftRuntimeAndCLibraries() {
        #expect(FrameCategory(module: "MusicBot", function: "main") == .user)
        #expect(FrameCategory(module: "libswiftCore.so", function: "swift_retain") == .swiftRuntime)
        #expect(FrameCategory(module: "libFoundationEssentials.so", function: "x") == .swiftRuntime)
        #expect(FrameCategory(module: "libc.so.6", function: "memcpy") == .cLibrary)
        #expect(FrameCategory(module: "[unknown]", function: "0xdead") == .unknown)
        let user = FrameCategory.user.color(for: "main"), runtime = FrameCategory.swiftRuntime.color(for: "main")
        #expect(user != runtime)
        #expect(FrameCategory.user.color(for: "main") == user, "colors are stable")
    }

    @Test func longNamesAreCutToFitTheirFrame() {
        #expect(FlameGraphRenderer.label("abcdefghij", width: 100) == "abcdefghij")
        #expect(FlameGraphRenderer.label("abcdefghijklmnopqrstuvwxyz", width: 76) == "abcdefgh..")
        #expect(FlameGraphRenderer.label("abcdef", width: 20) == "")
    }

    @Test func coordinatesHaveTwoDecimals() {
        #expect(FlameGraphRenderer.fmt(1180) == "1180.00")
        #expect(FlameGraphRenderer.fmt(3.14159) == "3.14")
        #expect(FlameGraphRenderer.fmt(0.07) == "0.07")
        #expect(FlameGraphRenderer.fmt(-2.5) == "-2.50")
        #expect(FlameGraphRenderer.fmt(0.001) == "0.00")
    }

    @Test func framesNarrowerThanTheMinimumAreLeftOut() throws {
        let svg = String(decoding: try profile.encoded(as: .svg, flameGraph: FlameGraphOptions(minimumFrameWidth: 100)), as: UTF8.self)
        #expect(svg.contains("data-name=\"main\""))
        #expect(!svg.contains("data-name=\"0xdeadbeef\""), "1 of 16 samples is 74 px wide")
    }
}
