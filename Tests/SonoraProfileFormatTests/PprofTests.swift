import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

@Suite struct PprofTests {
    @Test func varintsAndPackedFieldsFollowTheWireFormat() {
        var writer = ProtobufWriter()
        writer.varint(1, 300)
        writer.packed(2, [1, 150])
        writer.string(6, "")
        writer.int64(3, -1)
        #expect(writer.bytes == [
            0x08, 0xAC, 0x02,  // field 1 varint 300
            0x12, 0x03, 0x01, 0x96, 0x01,  // field 2 packed [1, 150]
            0x32, 0x00,  // field 6 ""
            0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,  // field 3 int64 -1
        ])
    }

    @Test func theFileIsGzipped() throws {
        let data = try SyntheticProfiles.profile.encoded(as: .pprof)
        #expect(data.prefix(2) == Data([0x1F, 0x8B]))
    }

    /// Compiles `profile.proto` for Python, runs the checker and returns what it decoded.
    func decode(_ profile: Profile) throws -> [String: Any] {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Python.run("protoc", ["--proto_path=\(fixtures.directory.path)", "--python_out=\(directory.path)", fixtures.url("profile.proto").path])
        let url = directory.appendingPathComponent("profile.pb.gz")
        try profile.write(to: url, format: .pprof)
        return try Python.check("check_pprof.py", [directory.path, url.path])
    }

    static let canDecode = Python.has("google.protobuf") && Python.hasCommand("protoc")

    @Test(.enabled(if: canDecode, "needs protoc (apt install protobuf-compiler) and python3 with protobuf (pip install protobuf)"))
    func pythonsProtobufDecodesTotalsThatMatchTheProfile() throws {
        let profile = SyntheticProfiles.profile
        let result = try decode(profile)
        #expect(result["sample_types"] as? [[String]] == [["samples", "count"], ["cpu", "nanoseconds"]])
        #expect(result["period_type"] as? [String] == ["cpu", "nanoseconds"])
        #expect(result["period"] as? Int == 10_000_000)
        #expect(result["default_sample_type"] as? String == "cpu")
        #expect(result["time_nanos"] as? Int == 1_767_323_045_250_000_000)
        #expect(result["duration_nanos"] as? Int == 2_500_000_000)
        let weighted = profile.weightedSampleCount
        #expect(result["totals"] as? [Int] == [weighted, weighted * 10_000_000])
        #expect(result["location_count"] as? Int == profile.frames.count)
        #expect(result["threads"] as? [String: Int] == ["main-100": 11, "thread-101": 5])

        let aggregate = ProfileAggregate(profile)
        let leafSelf = try #require(result["leaf_self"] as? [String: Int])
        for stats in aggregate.functions.values where stats.selfSamples > 0 {
            #expect(leafSelf[stats.name] == stats.selfSamples, "\(stats.name)")
        }
        let functions = try #require(result["functions"] as? [String: String])
        #expect(functions["MusicBot.decode(_: Foundation.Data) -> MusicBot.Track"] == "$s8MusicBot6decodeyAA5TrackV10Foundation4DataVF")
        let mappings = try #require(result["mappings"] as? [[Any]])
        #expect(mappings.count == 3)
        #expect(mappings.first?[3] as? String == "/srv/bot/MusicBot")
        #expect(mappings.first?[4] as? String == "a1b2c3d4")
        #expect(mappings[1][2] as? Int == 0x1000)
        let comments = try #require(result["comments"] as? [String])
        #expect(comments.contains { $0.contains("pid 4242") })
    }

    @Test(.enabled(if: canDecode, "needs protoc (apt install protobuf-compiler) and python3 with protobuf (pip install protobuf)"))
    func wallModeProfilesUseWallNanoseconds() throws {
        let result = try decode(SyntheticProfiles.wallProfile)
        #expect(result["sample_types"] as? [[String]] == [["samples", "count"], ["wall", "nanoseconds"]])
        #expect(result["period_type"] as? [String] == ["wall", "nanoseconds"])
    }
}
