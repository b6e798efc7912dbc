import Foundation
import SonoraBench
import SonoraFakeLavalink
import SonoraMusic

/// Track loading: the corpus through the codec, `/v4/loadtracks` bodies through the parser, and a
/// full load through `TrackLoader` from a loopback `FakeLavalinkNode`.
public enum TrackLoadingSuite {
    /// Sizes of the parsed bodies, with their name suffixes.
    static let bodySizes = [(10, "10"), (100, "100"), (1_000, "1k")]

    /// Every track-loading benchmark.
    public static var benchmarks: [Benchmark] {
        var all: [Benchmark] = [
            Benchmark("track.decode.corpus", tags: ["track", "codec"], setUp: { try Corpus.shared().encoded }) { encoded in
                for string in encoded { blackHole(try TrackCodec.decode(string)) }
            },
            Benchmark("track.encode.corpus", tags: ["track", "codec"], setUp: { try Corpus.shared().tracks }) { tracks in
                for track in tracks { blackHole(try TrackCodec.encode(track)) }
            },
        ]
        for loadType in ["search", "playlist"] {
            for (count, suffix) in bodySizes {
                all.append(
                    Benchmark(
                        "track.parse.\(loadType).\(suffix)", tags: ["track", "parse"],
                        setUp: { try Corpus.shared().loadTracksBody(loadType: loadType, count: count) }
                    ) { body in
                        blackHole(try LoadResult.decode(json: body))
                    })
            }
        }
        all.append(
            Benchmark(
                "track.load.playlist.100", tags: ["track", "loader", "network"], maxBatchSize: 64,
                setUp: { try await LoopbackNode.start() },
                tearDown: { node in await node.stop() },
                asyncOperation: { node in
                    blackHole(try await node.loader.loadTracks("sonora:playlist:100"))
                }))
        all += loadPhases
        return all
    }

    /// The phases of `track.load.playlist.100`, timed apart so a user sees where a load's time goes:
    /// the HTTP round trip (`.http`), parsing the body (`.parse`) and decoding every `encoded` string (`.decode`).
    static var loadPhases: [Benchmark] {
        [
            Benchmark(
                "track.load.playlist.100.http", tags: ["track", "loader", "network", "phase"], maxBatchSize: 64,
                setUp: { try await LoopbackNode.start() },
                tearDown: { node in await node.stop() },
                asyncOperation: { node in
                    blackHole(try await node.loader.loadTracksBody("sonora:playlist:100"))
                }),
            Benchmark(
                "track.load.playlist.100.parse", tags: ["track", "loader", "phase"],
                setUp: { try await LoopbackNode.fetchBody("sonora:playlist:100") }
            ) { body in
                blackHole(try LoadResult.decode(json: body))
            },
            Benchmark(
                "track.load.playlist.100.decode", tags: ["track", "loader", "phase"],
                setUp: { try LoadResult.decode(json: try await LoopbackNode.fetchBody("sonora:playlist:100")).tracks }
            ) { tracks in
                for track in tracks { blackHole(try track.decoded()) }
            },
        ]
    }
}

/// A running `FakeLavalinkNode` on 127.0.0.1 with a `TrackLoader` pointed at it.
struct LoopbackNode: Sendable {
    let node: FakeLavalinkNode
    let loader: TrackLoader

    static func start() async throws -> LoopbackNode {
        let node = FakeLavalinkNode()
        let port = try await node.start()
        let loader = TrackLoader(configuration: .init(baseURL: "http://127.0.0.1:\(port)", password: node.password))
        // One load before timing: connections and the node's playlist cache are warm.
        _ = try await loader.loadTracks("sonora:playlist:100")
        return LoopbackNode(node: node, loader: loader)
    }

    /// One body from a fresh loopback node, for the phase benchmarks that time no HTTP.
    static func fetchBody(_ identifier: String) async throws -> Data {
        let node = try await start()
        do {
            let body = try await node.loader.loadTracksBody(identifier)
            await node.stop()
            return body
        } catch {
            await node.stop()
            throw error
        }
    }

    func stop() async {
        try? await loader.shutdown()
        try? await node.stop()
    }
}
