import Foundation
import MetricsTestKit
import SonoraFakeLavalink
import Testing
@testable import SonoraMusic

/// What TrackLoader reports through swift-metrics, and the parser against the oracle on bodies a node serves.
@Suite struct TrackLoaderMetricsTests {
    /// Starts a loopback node and a loader reporting to `metrics`, runs `body`, then shuts both down.
    private func withNode(
        metrics: TestMetrics, _ body: (FakeLavalinkNode, TrackLoader) async throws -> Void
    ) async throws {
        let node = FakeLavalinkNode()
        let port = try await node.start()
        let loader = TrackLoader(
            configuration: .init(baseURL: "http://127.0.0.1:\(port)", password: node.password, maxAttempts: 1),
            metricsFactory: metrics)
        do {
            try await body(node, loader)
        } catch {
            try? await loader.shutdown()
            try? await node.stop()
            throw error
        }
        try await loader.shutdown()
        try await node.stop()
    }

    @Test func eachLoadIsTimedAndCountedByLoadTypeAndEachFailureByCode() async throws {
        let metrics = TestMetrics()
        try await withNode(metrics: metrics) { node, loader in
            _ = try await loader.loadTracks("sonora:playlist:10")
            _ = try await loader.loadTracks("sonora:playlist:100")
            _ = try await loader.loadTracks("ytsearch:anything")
            _ = await #expect(throws: MusicError.self) { try await loader.loadTracks("sonora:badtrack") }
            node.setFailureMode(.garbage)
            _ = await #expect(throws: MusicError.self) { try await loader.loadTracks("sonora:track") }
        }
        let playlist = [("load_type", "playlist")]
        #expect(try metrics.expectCounter(TrackLoader.MetricNames.loads, playlist).totalValue == 2)
        #expect(try metrics.expectCounter(TrackLoader.MetricNames.loads, [("load_type", "search")]).totalValue == 1)
        let durations = try metrics.expectTimer(TrackLoader.MetricNames.loadDuration, playlist).values
        #expect(durations.count == 2 && durations.allSatisfy { $0 > 0 && $0 < 10_000_000_000 })
        #expect(try metrics.expectCounter(TrackLoader.MetricNames.failures, [("code", "invalidTrack")]).totalValue == 1)
        #expect(try metrics.expectCounter(TrackLoader.MetricNames.failures, [("code", "invalidJSON")]).totalValue == 1)
    }

    @Test func everyBodyTheFakeNodeServesParsesEqualToTheJSONDecoderResult() async throws {
        try await withNode(metrics: TestMetrics()) { _, loader in
            let identifiers = [
                "sonora:track", "sonora:playlist", "ytsearch:x", "sonora:empty", "sonora:empty-null", "sonora:error",
                "sonora:playlist:0", "sonora:playlist:10", "sonora:playlist:1000",
            ]
            for identifier in identifiers {
                let body = try await loader.loadTracksBody(identifier)
                #expect(try LoadResult.decode(json: body) == (try LoadResultParserOracleTests.oracle(body)), "\(identifier)")
            }
        }
    }
}
