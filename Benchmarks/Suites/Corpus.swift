import Foundation
import SonoraBench
import SonoraMusic

/// The benchmark inputs: the 6,591-track corpus and `/v4/loadtracks` bodies made from it.
public struct Corpus: Sendable {
    /// The corpus's encoded track strings, in file order.
    public let encoded: [String]
    /// The same tracks, decoded.
    public let tracks: [Track]

    /// The corpus, read and decoded once per process.
    ///
    /// - Throws: ``BenchError`` `.io` when the bundled corpus is missing or a line is not a track.
    public static func shared() throws -> Corpus {
        try loaded.get()
    }

    private static let loaded: Result<Corpus, BenchError> = Result { () throws(BenchError) -> Corpus in
        try Corpus(resource: "encoded-tracks-corpus-lptrack")
    }

    /// Reads `Data/<resource>.jsonl` from this module's bundle.
    ///
    /// Every benchmark process reads the corpus once, so this is a byte scan of each line's
    /// `"encoded"` string (base64 never needs a JSON escape) with `JSONSerialization` only for a
    /// line the scan cannot read: splitting 5 MB as `Character`s and parsing every line's
    /// `decoded_here` object cost 0.3 s of CPU per process, most of a queue benchmark's process.
    init(resource: String) throws(BenchError) {
        guard let url = Bundle.module.url(forResource: resource, withExtension: "jsonl", subdirectory: "Data") else {
            throw BenchError(.io, "the benchmark corpus Data/\(resource).jsonl is missing from the SonoraSuites bundle")
        }
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: url))
        } catch {
            throw BenchError(.io, "could not read \(url.path)", cause: error)
        }
        var encoded: [String] = []
        var tracks: [Track] = []
        for (number, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let string = Self.encodedString(in: line) else {
                throw BenchError(.io, "\(url.lastPathComponent) line \(number + 1) has no \"encoded\" string")
            }
            do {
                tracks.append(try TrackCodec.decode(string))
            } catch {
                throw BenchError(.io, "\(url.lastPathComponent) line \(number + 1) is not a track", cause: error)
            }
            encoded.append(string)
        }
        self.encoded = encoded
        self.tracks = tracks
    }

    /// The value of a JSON line's top-level `"encoded"` key.
    ///
    /// The fast path reads a quoted value with no backslash right after the line's first
    /// `"encoded"`; any other shape goes through `JSONSerialization`.
    static func encodedString(in line: ArraySlice<UInt8>) -> String? {
        let key = Array(#""encoded""#.utf8)
        var index = line.startIndex
        if line.first == UInt8(ascii: "{"), let keyStart = line.firstRange(of: key)?.lowerBound {
            index = keyStart + key.count
            while index < line.endIndex, line[index] == UInt8(ascii: " ") { index += 1 }
            if index < line.endIndex, line[index] == UInt8(ascii: ":") {
                index += 1
                while index < line.endIndex, line[index] == UInt8(ascii: " ") { index += 1 }
                if index < line.endIndex, line[index] == UInt8(ascii: "\""),
                    let end = line[(index + 1)...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
                    line[end] == UInt8(ascii: "\"")
                {
                    return String(decoding: line[(index + 1)..<end], as: UTF8.self)
                }
            }
        }
        let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
        return object?["encoded"] as? String
    }

    /// `count` tracks, cycling through the corpus, each with a unique identifier (`<id>#<n>`), so
    /// queues of 100,000 tracks can be de-duplicated by identifier.
    public func uniqueTracks(_ count: Int) -> [Track] {
        // A process runs one benchmark, so a queue of 100 or 10,000 makes its own tracks rather
        // than the 100,001 the largest queues share.
        if count > Self.smallQueue, count <= Self.largestQueue, let cached = try? Self.uniqueForQueues.get() {
            return Array(cached.prefix(count))
        }
        return makeUniqueTracks(count)
    }

    /// The most tracks any queue benchmark needs: 100,000 plus one to insert.
    static let largestQueue = 100_001

    /// Queues up to this size make their tracks on demand.
    static let smallQueue = 10_001

    /// Unique tracks for every queue benchmark, made once per process.
    private static let uniqueForQueues: Result<[Track], BenchError> = loaded.map { $0.makeUniqueTracks(largestQueue) }

    private func makeUniqueTracks(_ count: Int) -> [Track] {
        (0..<count).map { index in
            var track = tracks[index % tracks.count]
            track.identifier += "#\(index)"
            return track
        }
    }

    /// A `/v4/loadtracks` body as a Lavalink v4 node sends it, with the first `count` corpus tracks.
    ///
    /// Keys are sorted and slashes are not escaped (as Jackson writes them), so the body is byte for byte
    /// what `Benchmarks/python/loadtracks_lavalink.py` builds with `json.dumps(sort_keys=True)`.
    ///
    /// - Parameters:
    ///   - loadType: `search` (the tracks are `data`) or `playlist` (they are `data.tracks`).
    ///   - count: Number of tracks, at most the corpus size.
    public func loadTracksBody(loadType: String, count: Int) -> Data {
        let items: [[String: Any]] = (0..<min(count, tracks.count)).map { index in
            let track = tracks[index]
            let info: [String: Any] = [
                "identifier": track.identifier, "isSeekable": !track.isStream, "author": track.author,
                "length": track.length, "isStream": track.isStream, "position": track.position, "title": track.title,
                "uri": track.uri ?? NSNull(), "artworkUrl": track.artworkUrl ?? NSNull(), "isrc": track.isrc ?? NSNull(),
                "sourceName": track.sourceName,
            ]
            return ["encoded": encoded[index], "info": info, "pluginInfo": [String: Any](), "userData": [String: Any]()]
        }
        let data: Any =
            loadType == "playlist"
            ? ["info": ["name": "Sonora corpus \(count)", "selectedTrack": -1], "pluginInfo": [String: Any](), "tracks": items]
            : items
        let body: [String: Any] = ["loadType": loadType, "data": data]
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
