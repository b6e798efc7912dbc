import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

@Suite struct NativeFormatTests {
    let profile = SyntheticProfiles.profile

    func roundTrip(_ profile: Profile) throws -> Profile {
        try withExportedFile(profile, named: "run.sonoraprofile") { try Profile(contentsOf: $0) }
    }

    @Test func aWrittenProfileLoadsBackUnchanged() throws {
        let loaded = try roundTrip(profile)
        #expect(loaded.metadata == profile.metadata)
        #expect(loaded.threads == profile.threads)
        #expect(loaded.mappings == profile.mappings)
        #expect(loaded.frames == profile.frames)
        #expect(loaded.samples == profile.samples)
        #expect(loaded.health == profile.health)
        #expect(loaded.memory == profile.memory)
    }

    @Test func wallModeOnAndOffCPUTagsSurviveTheRoundTrip() throws {
        let loaded = try roundTrip(SyntheticProfiles.wallProfile)
        #expect(loaded.metadata.mode == .wall)
        #expect(loaded.samples.map(\.onCPU) == SyntheticProfiles.wallProfile.samples.map(\.onCPU))
    }

    @Test func theFileCarriesSchemaVersionAndEverySection() throws {
        let json = try #require(JSONSerialization.jsonObject(with: profile.encoded(as: .native)) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 1)
        for section in ["metadata", "threads", "mappings", "frames", "samples", "health", "memory"] {
            #expect(json[section] != nil, "missing \(section)")
        }
        let metadata = try #require(json["metadata"] as? [String: Any])
        #expect(metadata["startTime"] as? String == "2026-01-02T03:04:05.250Z")
        #expect(metadata["mode"] as? String == "cpu")
    }

    @Test func samplesStoreOnlyFieldsThatDifferFromTheDefaults() throws {
        let json = try #require(JSONSerialization.jsonObject(with: profile.encoded(as: .native)) as? [String: Any])
        let samples = try #require(json["samples"] as? [[String: Any]])
        #expect(Set(samples[1].keys) == ["stack", "thread"])  // weight 1, libunwind, not truncated
        #expect(samples[0]["weight"] as? Int == 3)
        #expect(samples[5]["truncated"] as? Bool == true)
        #expect(samples[5]["walker"] as? String == "frame-pointer")
    }

    @Test func writingReplacesTheFileAndLeavesNoTemporaryFiles() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("run.sonoraprofile")
        try Data("old contents".utf8).write(to: url)
        try profile.write(to: url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["run.sonoraprofile"])
        #expect(try Profile(contentsOf: url).samples.count == profile.samples.count)
    }

    @Test func writingIntoAMissingFolderFailsNamingTheFile() throws {
        let url = URL(fileURLWithPath: "/nonexistent-sonora-folder/run.sonoraprofile")
        let error = try #require(throws: ProfilerError.self) { try profile.write(to: url) }
        #expect(error.message.contains(url.path))
    }

    func loadError(_ contents: String) throws -> ProfilerError {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("bad.sonoraprofile")
        try Data(contents.utf8).write(to: url)
        let error = try #require(throws: ProfilerError.self) { try Profile(contentsOf: url) }
        #expect(error.message.contains(url.path), "the message must name the file: \(error.message)")
        return error
    }

    @Test func aNewerSchemaVersionIsRefused() throws {
        var text = String(decoding: try profile.encoded(as: .native), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"schemaVersion\":1", with: "\"schemaVersion\":2")
        let error = try loadError(text)
        #expect(error.code == .unsupportedFormat)
        #expect(error.message.contains("schemaVersion 2"))
        #expect(error.message.contains("newer"))
    }

    @Test func anUnknownSchemaVersionIsRefused() throws {
        let error = try loadError(#"{"schemaVersion": 0, "samples": []}"#)
        #expect(error.code == .unsupportedFormat)
        #expect(error.message.contains("unknown"))
    }

    @Test func aTruncatedFileIsRefusedAsCorrupt() throws {
        let text = String(decoding: try profile.encoded(as: .native), as: UTF8.self)
        let error = try loadError(String(text.prefix(text.count / 2)))
        #expect(error.code == .unsupportedFormat)
        #expect(error.message.contains("not valid JSON") || error.message.contains("corrupt"))
    }

    @Test func jsonWithoutASchemaVersionIsRefused() throws {
        let error = try loadError(#"{"traceEvents": []}"#)
        #expect(error.message.contains("no schemaVersion"))
    }

    @Test func aMissingSectionIsNamedInTheError() throws {
        let error = try loadError(#"{"schemaVersion": 1, "format": "sonoraprofile"}"#)
        #expect(error.message.contains("corrupt"))
        #expect(error.message.contains("missing"))
    }

    @Test func aSampleThatPointsPastTheFramesTableIsRefused() throws {
        // Exports refuse such a profile, so the file is broken by editing its JSON.
        var object = try #require(try JSONSerialization.jsonObject(with: profile.encoded(as: .native)) as? [String: Any])
        object["samples"] = (object["samples"] as! [Any]) + [["stack": [99], "thread": 100]]
        let error = try loadError(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        #expect(error.message.contains("sample 11 refers to frame 99"))
    }

    @Test func aMissingFileIsReportedAsUnreadable() throws {
        let url = URL(fileURLWithPath: "/nonexistent-sonora-folder/none.sonoraprofile")
        let error = try #require(throws: ProfilerError.self) { try Profile(contentsOf: url) }
        #expect(error.code == .unreadableFile)
        #expect(error.message.contains(url.path))
    }

    @Test func aReformattedFileStillLoads() throws {
        let object = try JSONSerialization.jsonObject(with: profile.encoded(as: .native))
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted])
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("pretty.sonoraprofile")
        try pretty.write(to: url)
        #expect(try Profile(contentsOf: url).samples == profile.samples)
    }

    @Test func theFastSampleReaderAgreesWithJSONDecoderAndDeclinesWhatItDoesNotKnow() throws {
        let bytes = [UInt8](try SyntheticProfiles.wallProfile.encoded(as: .native))
        let fast = try #require(NativeSampleReader.read(bytes))
        #expect(fast.samples == SyntheticProfiles.wallProfile.samples)
        var text = String(decoding: bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: #"{"onCPU":false,"stack":[2,1,0]"#, with: #"{"note":"x","onCPU":false,"stack":[2,1,0]"#)
        #expect(NativeSampleReader.read(Array(text.utf8)) == nil)
        // The full decoder still reads it, ignoring the unknown key.
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("extra.sonoraprofile")
        try Data(text.utf8).write(to: url)
        #expect(try Profile(contentsOf: url).samples == SyntheticProfiles.wallProfile.samples)
    }

    @Test func tenThousandSamplesRoundTrip() throws {
        let large = SyntheticProfiles.large(samples: 10_000)
        let loaded = try roundTrip(large)
        #expect(loaded.samples == large.samples)
        #expect(loaded.weightedSampleCount == large.weightedSampleCount)
    }
}
