// The harness of scripts/music-instructions.sh: modes parse|skip (timed, ns/track), once|decodeonce N (N passes, for callgrind).
import Foundation
@main struct Harness {
    static func main() throws {
        let args = CommandLine.arguments
        let mode = args[1]
        let seconds = Double(args.count > 3 ? args[3] : "2")!
        let clock = ContinuousClock()
        if mode == "once" {
            let body = try Data(contentsOf: URL(fileURLWithPath: args[2]))
            for _ in 0..<Int(args[3])! { withExtendedLifetime(try LoadResult.decode(json: body)) {} }
            return
        }
        if mode == "decodeonce" {
            let enc = try String(contentsOfFile: args[2], encoding: .utf8).split(separator: "\n").map(String.init)
            for _ in 0..<Int(args[3])! { for s in enc.prefix(1000) { withExtendedLifetime(try TrackCodec.decode(s)) {} } }
            return
        }
        if mode == "skip" {
            let body = try Data(contentsOf: URL(fileURLWithPath: args[2]))
            var best = Double.infinity
            let end = clock.now + .seconds(seconds)
            while clock.now < end {
                let t0 = clock.now
                for _ in 0..<20 { try body.withUnsafeBytes { raw in var s = JSONScanner(raw, what: "x"); try Result { () throws(MusicError) in try s.skipValue() }.get() } }
                let d = clock.now - t0
                best = min(best, Double(d.components.attoseconds) / 1e9 + Double(d.components.seconds) * 1e9)
            }
            print("skip: \(best / 20 / 1000) ns/track")
        } else if mode == "parse" {
            let body = try Data(contentsOf: URL(fileURLWithPath: args[2]))
            let n = try LoadResult.decode(json: body).tracks.count
            var best = Double.infinity
            let end = clock.now + .seconds(seconds)
            while clock.now < end {
                let t0 = clock.now
                for _ in 0..<20 { withExtendedLifetime(try LoadResult.decode(json: body)) {} }
                let d = clock.now - t0
                best = min(best, Double(d.components.attoseconds) / 1e9 + Double(d.components.seconds) * 1e9)
            }
            print("parse \(args[2]): \(best / 20 / Double(n)) ns/track")
        } else {
            let enc = try String(contentsOfFile: args[2], encoding: .utf8).split(separator: "\n").map(String.init)
            var best = Double.infinity
            let end = clock.now + .seconds(seconds)
            while clock.now < end {
                let t0 = clock.now
                for s in enc { withExtendedLifetime(try TrackCodec.decode(s)) {} }
                let d = clock.now - t0
                best = min(best, Double(d.components.attoseconds) / 1e9 + Double(d.components.seconds) * 1e9)
            }
            print("decode: \(best / Double(enc.count)) ns/track")
        }
    }
}
