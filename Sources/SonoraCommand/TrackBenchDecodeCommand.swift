import ArgumentParser
import Foundation
import SonoraMusic

/// `sonora track bench-decode`: times decoding a corpus of track strings (used by scripts/decode-vs-python.sh).
struct TrackBenchDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-decode",
        abstract: "Time TrackCodec.decode over a JSONL corpus and print the result as JSON.",
        shouldDisplay: false
    )

    @Option(help: "A JSONL file with an `encoded` field per line.")
    var corpus: String

    @Option(help: "Timed passes over the corpus (the best is reported).")
    var repetitions: Int = 10

    func run() throws {
        let text = try String(contentsOfFile: corpus, encoding: .utf8)
        var tracks: [String] = []
        for line in text.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            if let encoded = object?["encoded"] as? String { tracks.append(encoded) }
        }
        var checksum = 0
        var failures = 0
        for encoded in tracks {  // warm-up pass; also counts failures
            if let track = try? TrackCodec.decode(encoded) { checksum &+= track.title.utf8.count } else { failures += 1 }
        }
        var best = Duration.seconds(1_000_000)
        var total = Duration.zero
        let clock = ContinuousClock()
        for _ in 0..<max(1, repetitions) {
            let elapsed = clock.measure {
                for encoded in tracks {
                    if let track = try? TrackCodec.decode(encoded) { checksum &+= track.length == 0 ? 1 : 2 }
                }
            }
            best = min(best, elapsed)
            total += elapsed
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
        let mean = (Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18) / Double(max(1, repetitions))
        print(#"{"tracks":\#(tracks.count),"failures":\#(failures),"repetitions":\#(repetitions),"bestSeconds":\#(seconds),"meanSeconds":\#(mean),"nsPerTrack":\#(seconds / Double(max(1, tracks.count)) * 1e9),"checksum":\#(checksum)}"#)
    }
}
