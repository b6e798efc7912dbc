import ArgumentParser
import Foundation
import SonoraMusic
import SonoraProfiler
import SonoraSuites

/// `sonora profile demo`: profiles a real workload and saves it, for the README's example.
///
/// The workload decodes and re-encodes every Lavalink track string in a JSONL corpus, over and
/// over, for the requested time.
struct ProfileDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Profile decoding and re-encoding a Lavalink track corpus and save the profile.",
        discussion: """
        The corpus is the 6,591-track benchmark corpus built into sonora, so the
        demo runs from any directory.

        Example:
          sonora profile demo -o decode.sonoraprofile
          sonora profile convert decode.sonoraprofile --to svg

        \(ProfileExitCode.documentation)
        """
    )

    @Option(help: "A JSONL file with an `encoded` field per line (default: the built-in benchmark corpus).")
    var corpus: String?

    @Option(help: "Seconds of work to profile (more than 0, at most 3600).")
    var seconds = 2.0

    @Option(help: "Samples per second (1 to 10000).")
    var frequency = 1000

    func validate() throws {
        try OptionCheck.seconds(seconds, option: "--seconds", maximum: 3600)
        try OptionCheck.range(frequency, 1 ... 10_000, option: "--frequency")
    }

    @Option(name: .shortAndLong, help: "Where to save the profile.")
    var output = "decode.sonoraprofile"

    func run() async throws {
        let tracks = try loadTracks()
        let configuration = PerformanceProfiler.Configuration(mode: .cpu, frequency: frequency)
        let seconds = seconds
        let (checksum, profile) = try await PerformanceProfiler.profile(configuration: configuration) { () async -> Int in
            Self.decodeAndEncode(tracks, for: seconds)
        }
        try ProfileCommandSupport.writing(output) { try profile.write(to: URL(fileURLWithPath: output)) }
        print("profiled \(tracks.count) tracks for \(seconds) s: \(profile.sampleCount) samples (checksum \(checksum)); wrote \(output)")
    }

    /// The encoded strings of `--corpus`, or of the built-in corpus.
    private func loadTracks() throws -> [String] {
        guard let corpus else {
            do {
                return try Corpus.shared().encoded
            } catch {
                throw ProfileCommandSupport.fail("error: the built-in corpus cannot be read (\(error)); pass --corpus FILE", ProfileExitCode.badInput)
            }
        }
        let text: String
        do {
            text = try String(contentsOfFile: corpus, encoding: .utf8)
        } catch {
            throw ProfileCommandSupport.fail("error: cannot read \(corpus): \(error.localizedDescription)", ProfileExitCode.badInput)
        }
        let tracks = text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["encoded"] as? String
        }
        guard !tracks.isEmpty else {
            throw ProfileCommandSupport.fail("error: \(corpus) has no lines with an `encoded` field", ProfileExitCode.badInput)
        }
        return tracks
    }

    @inline(never)
    static func decodeAndEncode(_ tracks: [String], for seconds: Double) -> Int {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var checksum = 0
        while ContinuousClock.now < deadline {
            for encoded in tracks {
                guard let track = try? TrackCodec.decode(encoded) else { continue }
                checksum &+= (try? TrackCodec.encode(track))?.utf8.count ?? 0
            }
        }
        return checksum
    }
}
