import Foundation
import SonoraMusic

/// The response bodies FakeLavalinkNode serves, loaded once from the bundle's `Fixtures/`: the one Lavalink
/// fixture tree, which the tests read too (see `Fixtures/SOURCES.md`).
struct FakeLavalinkFixtures: Sendable {
    let trackResult: String
    let playlistResult: String
    let searchResult: String
    let errorResult: String
    let info: String
    /// The corpus tracks (encoded string and decoded track), in file order.
    let corpus: [(encoded: String, track: Track)]
    /// Corpus track index by identifier.
    let corpusIndex: [String: Int]

    /// The largest corpus playlist the node serves.
    static let maxPlaylistSize = 1000

    static func load() throws -> FakeLavalinkFixtures {
        func text(_ path: String) throws -> String {
            let url = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/\(path)")
            guard let url, FileManager.default.fileExists(atPath: url.path) else {
                throw MusicError(.notFound, "FakeLavalinkNode fixture Fixtures/\(path) is missing from the bundle")
            }
            return try String(contentsOf: url, encoding: .utf8)
        }
        var corpus: [(encoded: String, track: Track)] = []
        var index: [String: Int] = [:]
        for line in try text("corpus-encoded.txt").split(separator: "\n").prefix(maxPlaylistSize) {
            let encoded = String(line)
            let track = try TrackCodec.decode(encoded)
            if index[track.identifier] == nil { index[track.identifier] = corpus.count }
            corpus.append((encoded, track))
        }
        return FakeLavalinkFixtures(
            trackResult: try text("loadtracks/lavalink4net-test_v4_loadtracks_track.json"),
            playlistResult: try text("loadtracks/lavalink4net-test_v4_loadtracks_playlist.json"),
            searchResult: try text("loadtracks/lavalink4net-test_v4_loadtracks_search.json"),
            errorResult: try text("loadtracks/lavalink-protocol-test_loadresult_1_error.json"),
            info: try text("lavalink-docs-example_rest_get-lavalink-info.json"),
            corpus: corpus,
            corpusIndex: index
        )
    }

    /// The JSON of a corpus track as a Lavalink track object.
    func trackJSON(_ index: Int) -> String {
        let (encoded, track) = corpus[index]
        let info = TrackInfo(track)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let infoJSON = (try? encoder.encode(info)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return #"{"encoded":"\#(encoded)","info":\#(infoJSON),"pluginInfo":{},"userData":{}}"#
    }

    /// A `playlist` load result of the first `count` corpus tracks.
    func playlistJSON(count: Int) -> String {
        let tracks = (0..<min(count, corpus.count)).map(trackJSON).joined(separator: ",")
        return #"{"loadType":"playlist","data":{"info":{"name":"Sonora corpus \#(count)","selectedTrack":-1},"pluginInfo":{},"tracks":[\#(tracks)]}}"#
    }

    /// A `search` load result of `count` corpus tracks starting at a position derived from the query.
    func searchJSON(query: String, count: Int) -> String {
        var hasher = 5381
        for byte in query.utf8 { hasher = (hasher &* 33) &+ Int(byte) }
        let start = abs(hasher % max(1, corpus.count - count))
        let tracks = (start..<min(start + count, corpus.count)).map(trackJSON).joined(separator: ",")
        return #"{"loadType":"search","data":[\#(tracks)]}"#
    }
}
