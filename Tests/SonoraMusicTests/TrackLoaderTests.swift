import Foundation
import SonoraFakeLavalink
import Synchronization
import Testing
@testable import SonoraMusic

/// TrackLoader against FakeLavalinkNode over real loopback HTTP.
@Suite struct TrackLoaderTests {
    static let password = "s3cret-Pa55word-9f1c"

    /// Collects log lines so tests can check that the password never appears.
    final class LogLines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        var sink: TrackLoader.LogSink { { line in self.lines.withLock { $0.append(line) } } }
    }

    /// Starts a node, runs `body` with a loader pointed at it, then shuts both down.
    private func withNode(
        password: String = TrackLoaderTests.password, loaderPassword: String = TrackLoaderTests.password,
        timeout: Duration = .seconds(5), maxAttempts: Int = 3, log: LogLines? = nil,
        _ body: (FakeLavalinkNode, TrackLoader) async throws -> Void
    ) async throws {
        let node = FakeLavalinkNode(password: password)
        let port = try await node.start()
        let loader = TrackLoader(
            configuration: .init(
                baseURL: "http://127.0.0.1:\(port)", password: loaderPassword, requestTimeout: timeout,
                maxAttempts: maxAttempts, initialBackoff: .milliseconds(10)
            ),
            log: log?.sink
        )
        do {
            try await body(node, loader)
        } catch {
            try await loader.shutdown()
            try await node.stop()
            throw error
        }
        try await loader.shutdown()
        try await node.stop()
    }

    @Test func eachLoadTypeLoadsOverLoopbackHTTP() async throws {
        try await withNode { _, loader in
            let track = try await loader.loadTracks("sonora:track")
            #expect(track.loadType == .track && track.tracks.first?.info.identifier == "dQw4w9WgXcQ")
            let playlist = try await loader.loadTracks("sonora:playlist")
            #expect(playlist.loadType == .playlist && playlist.playlist?.name == "Top Songs of 2022")
            let search = try await loader.loadTracks("ytsearch:chill corner")
            #expect(search.loadType == .search && search.tracks.count == 5)
            let empty = try await loader.loadTracks("sonora:empty")
            #expect(empty.loadType == .empty)
            let emptyNull = try await loader.loadTracks("sonora:empty-null")
            #expect(emptyNull.loadType == .empty)
            let error = try await loader.loadTracks("sonora:error")
            #expect(error.loadType == .error && error.exception?.severity == .common)
        }
    }

    @Test func corpusPlaylistsOf10And100And1000TracksLoadAndDecode() async throws {
        let corpus = try FixtureFiles.lines("corpus-encoded.txt")
        try await withNode { _, loader in
            for size in [10, 100, 1000] {
                let result = try await loader.loadTracks("sonora:playlist:\(size)")
                #expect(result.tracks.count == size)
                #expect(result.tracks.map(\.encoded) == Array(corpus.prefix(size)))
            }
            let one = try await loader.loadTracks("https://www.youtube.com/watch?v=" + (try TrackCodec.decode(corpus[5])).identifier)
            #expect(one.tracks.first?.encoded == corpus[5])
        }
    }

    @Test func aWrongPasswordIsUnauthorizedAndThePasswordIsNeverShown() async throws {
        let log = LogLines()
        try await withNode(password: "the-node-password", loaderPassword: Self.password, log: log) { node, loader in
            let error = try await #require(throws: MusicError.self) { try await loader.loadTracks("sonora:track") }
            #expect(error.code == .unauthorized)
            #expect(node.requestCount == 1)  // 401 is not retried
            #expect(!"\(error)".contains(Self.password) && !String(reflecting: error).contains(Self.password))
        }
        #expect(!log.all.isEmpty)
        #expect(log.all.allSatisfy { !$0.contains(Self.password) })
    }

    @Test func serverErrorsAreRetriedWithBackoffThenSucceed() async throws {
        let log = LogLines()
        try await withNode(log: log) { node, loader in
            node.setFailureMode(.serverError(times: 2))
            let result = try await loader.loadTracks("sonora:track")
            #expect(result.loadType == .track)
            #expect(node.requestCount == 3)
        }
        #expect(log.all.filter { $0.contains("retrying") }.count == 2)
        #expect(log.all.allSatisfy { !$0.contains(Self.password) })
    }

    @Test func persistentServerErrorsFailAfterTheAttemptLimit() async throws {
        try await withNode(maxAttempts: 3) { node, loader in
            node.setFailureMode(.serverError(status: 502))
            let error = try await #require(throws: MusicError.self) { try await loader.loadTracks("sonora:track") }
            #expect(error.code == .httpStatus && error.message.contains("502"))
            #expect(node.requestCount == 3)
        }
    }

    @Test func aSlowNodeTimesOut() async throws {
        try await withNode(timeout: .milliseconds(200), maxAttempts: 1) { node, loader in
            node.setFailureMode(.slow(.seconds(3)))
            let error = try await #require(throws: MusicError.self) { try await loader.loadTracks("sonora:track") }
            #expect(error.code == .timeout)
        }
    }

    @Test func garbageIsInvalidJSONAndABadTrackStringIsInvalidTrack() async throws {
        try await withNode { node, loader in
            let badTrack = try await #require(throws: MusicError.self) { try await loader.loadTracks("sonora:badtrack") }
            #expect(badTrack.code == .invalidTrack && badTrack.message.contains("dQw4w9WgXcQ"))
            node.setFailureMode(.garbage)
            let garbage = try await #require(throws: MusicError.self) { try await loader.loadTracks("sonora:track") }
            #expect(garbage.code == .invalidJSON)
        }
    }

    @Test func aDownOrStoppedNodeIsAConnectionFailureAfterRetries() async throws {
        try await withNode(maxAttempts: 2) { node, loader in
            node.setFailureMode(.down)
            let error = try await #require(throws: MusicError.self) { try await loader.loadTracks("sonora:track") }
            #expect(error.code == .connectionFailed)
            #expect(node.requestCount == 2)
        }
        let node = FakeLavalinkNode()
        let port = try await node.start()
        try await node.stop()
        let loader = TrackLoader(configuration: .init(baseURL: "http://127.0.0.1:\(port)", password: "x", requestTimeout: .milliseconds(300), maxAttempts: 2, initialBackoff: .milliseconds(5)))
        let error = try await #require(throws: MusicError.self) { try await loader.loadTracks("sonora:track") }
        try await loader.shutdown()
        #expect(error.code == .connectionFailed)
    }

    @Test func anUnknownPathIsNotFoundAndHealthEndpointsAnswer() async throws {
        try await withNode { node, loader in
            #expect(try await loader.version() == "4.0.0")
            #expect(try await loader.stats().cpu.cores == 2)
            #expect(try await loader.info().sourceManagers.contains("youtube"))
            let wrongBase = TrackLoader(configuration: .init(baseURL: node.baseURL! + "/v3", password: Self.password))
            let error = try await #require(throws: MusicError.self) { try await wrongBase.stats() }
            try await wrongBase.shutdown()
            #expect(error.code == .notFound)
        }
    }
}
