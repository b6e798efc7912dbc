import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

/// The built `sonora` executable, run through the shared ``CommandRunner``.
enum SonoraCLI {
    static var executable: URL? { CommandRunner.sonoraExecutable }
    static var isBuilt: Bool { executable != nil }

    typealias Run = CommandRunner.Run

    /// Runs `sonora` with `arguments`.
    ///
    /// - Parameters:
    ///   - stdin: A file to connect to standard input; empty input when `nil`.
    ///   - directory: The working directory; the current one when `nil`.
    static func run(_ arguments: [String], stdin: URL? = nil, in directory: URL? = nil) throws -> Run {
        try CommandRunner.sonora(arguments, stdin: stdin, in: directory)
    }

    static func run(_ arguments: String..., stdin: URL? = nil) throws -> Run {
        try run(arguments, stdin: stdin)
    }
}

/// A fresh temporary folder.
struct TemporaryFolder {
    let root: URL

    init() throws {
        root = try makeTemporaryDirectory()
    }

    func url(_ name: String) -> URL { root.appendingPathComponent(name) }
    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Small saved profiles, valid or deliberately broken by editing their JSON.
enum TestProfiles {
    /// Frame indices: 0 main, 1 decode, 2 decode again at another address, 3 sort.
    static func profile(frames: [Frame]? = nil, samples: [Sample]? = nil) -> Profile {
        let defaultFrames = [
            Frame(address: 0x1000, mappingIndex: nil, function: "main", mangledName: "main", module: "Bot", file: "Sources/Bot/main.swift", line: 3),
            Frame(address: 0x2000, mappingIndex: nil, function: "Bot.decode() -> ()", mangledName: "$s3Bot6decodeyyF", module: "Bot", file: "Sources/Bot/Codec.swift", line: 10),
            Frame(address: 0x2040, mappingIndex: nil, function: "Bot.decode() -> ()", mangledName: "$s3Bot6decodeyyF", module: "Bot", file: "Sources/Bot/Codec.swift", line: 12),
            Frame(address: 0x3000, mappingIndex: nil, function: "Bot.sort() -> ()", mangledName: "$s3Bot4sortyyF", module: "Bot", file: "Sources/Bot/Queue.swift", line: 40),
        ]
        let defaultSamples = [
            Sample(stack: [1, 0], weight: 3, threadID: 7),
            Sample(stack: [2, 0], weight: 1, threadID: 7),
            Sample(stack: [3, 0], weight: 2, threadID: 7),
        ]
        return Profile(
            metadata: ProfileMetadata(
                mode: .cpu, frequency: 100, startTime: Date(timeIntervalSince1970: 1_767_323_045.25), duration: 1.5,
                pid: 42, commandLine: ["Bot"], host: "test", swiftVersion: "6.3.1", buildConfiguration: "debug"),
            threads: [ProfiledThread(id: 7, name: "main")], mappings: [], frames: frames ?? defaultFrames,
            samples: samples ?? defaultSamples, health: SamplerHealth(),
            memory: MemoryUsage(rssAtStartMB: 1, peakMB: 2, rssAtEndMB: 1, peakIsSessionLocal: true))
    }

    /// Saves `profile` to `url`, then lets `edit` change the JSON object, as a corrupt or hostile file would.
    static func write(_ profile: Profile = profile(), to url: URL, edit: ((inout [String: Any]) -> Void)? = nil) throws {
        try profile.write(to: url)
        guard let edit else { return }
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets `metadata.<key>`.
    mutating func setMetadata(_ key: String, _ value: Any) {
        var metadata = self["metadata"] as? [String: Any] ?? [:]
        metadata[key] = value
        self["metadata"] = metadata
    }
}
