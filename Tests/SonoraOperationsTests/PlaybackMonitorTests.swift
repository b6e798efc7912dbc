import Foundation
import MetricsTestKit
import SonoraMusic
import Synchronization
import Testing
@testable import SonoraOperations

@Suite struct PlaybackMonitorTests {
    static func event(_ number: Int) throws -> WebSocketMessage {
        let names = [3: "lavalink-protocol-test_wsmessage_3_event.json", 4: "lavalink-protocol-test_wsmessage_4_event.json",
                     5: "lavalink-protocol-test_wsmessage_5_event.json", 6: "lavalink-protocol-test_wsmessage_6_event.json",
                     7: "lavalink-protocol-test_wsmessage_7_event.json"]
        return try WebSocketMessage.decode(json: OperationsFixtures.data(names[number]!))
    }

    @Test func realWebsocketEventsBecomeStatsAndLabelledMetrics() throws {
        let metrics = TestMetrics()
        let time = Mutex(100.0)
        let monitor = PlaybackMonitor(node: "eu-1", metrics: metrics, clock: { time.withLock { $0 } })
        let start = try Self.event(3), end = try Self.event(4), exception = try Self.event(5), stuck = try Self.event(6)
        monitor.record(start)
        time.withLock { $0 += 212 }
        monitor.record(exception)
        monitor.record(stuck)
        monitor.record(end)
        let stats = monitor.stats
        #expect(stats.tracksStarted == 1)
        #expect(stats.tracksEnded == [end.event!.reason!.rawValue: 1])
        #expect(stats.exceptions == [exception.event!.exception!.severity.rawValue: 1])
        #expect(stats.stuck == 1)
        #expect(stats.playtimeSeconds == 212)
        #expect(stats.playingGuilds == 0)
        let guild = start.event!.guildId
        #expect(try metrics.expectCounter("sonora_playback_tracks_started_total", [("guild", guild), ("node", "eu-1")]).totalValue == 1)
        #expect(metrics.counterTotal(label: "sonora_playback_exceptions_total") == 1)
        #expect(try metrics.expectGauge("sonora_playback_playing_guilds", [("node", "eu-1")]).lastValue == 0)
    }

    @Test func replacedAndStoppedTracksCountAsSkipsButFinishedDoesNot() throws {
        let monitor = PlaybackMonitor(node: "n", metrics: TestMetrics())
        for reason in ["replaced", "stopped", "finished", "loadFailed", "cleanup"] {
            let json = #"{"op":"event","type":"TrackEndEvent","guildId":"7","reason":"\#(reason)","track":null}"#
            monitor.record(try WebSocketMessage.decode(json: Data(json.utf8)))
        }
        #expect(monitor.stats.tracksSkipped == 2)
        #expect(monitor.stats.tracksEnded.values.reduce(0, +) == 5)
    }

    @Test func queueEventsFromARealTrackQueueBecomeQueueStats() throws {
        let metrics = TestMetrics()
        let monitor = QueueMonitor(metrics: metrics)
        var queue = TrackQueue()
        queue.onEvent = monitor.observer(guild: "42")
        let tracks = (0..<10).map { Track(title: "T\($0)", author: "a", length: 1000, identifier: "id\($0)", isStream: false, sourceName: "test") }
        _ = try queue.append(contentsOf: tracks)
        try queue.append(tracks[0])
        _ = try queue.remove(at: 3)
        var generator = SplitMix64(seed: 1)
        queue.shuffle(using: &generator)
        queue.clear()
        let stats = monitor.stats
        #expect(stats.tracksAdded == 11)
        #expect(stats.tracksRemoved == 1)
        #expect(stats.shuffles == 1)
        #expect(stats.clears == 1)
        #expect(stats.maxQueueSize == 11)
        #expect(try metrics.expectGauge("sonora_queue_max_size", [("guild", "42")]).lastValue == 11)
        #expect(metrics.counterTotal(label: "sonora_queue_tracks_added_total", dimensions: [("guild", "42")]) == 11)
    }
}
