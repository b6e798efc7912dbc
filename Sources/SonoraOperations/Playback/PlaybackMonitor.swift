import Foundation
import Metrics
import SonoraMusic
import Synchronization

/// Playback statistics fed by a Lavalink node's decoded websocket events (never by polling), and
/// published through swift-metrics with `guild` and `node` labels:
/// `sonora_playback_tracks_started_total`, `sonora_playback_tracks_ended_total` (with `reason`),
/// `sonora_playback_tracks_skipped_total`, `sonora_playback_playtime_seconds_total`,
/// `sonora_playback_exceptions_total` (with `severity`), `sonora_playback_stuck_total`, and the
/// gauge `sonora_playback_playing_guilds` (with `node`).
///
/// A track counts as *skipped* when it ends `replaced` (the bot played another over it) or
/// `stopped`; `finished`, `loadFailed` and `cleanup` are not skips. Playtime is the wall time
/// from a track's start event to its end event.
public final class PlaybackMonitor: Sendable {
    /// The totals since the monitor was made, as the seed's `get_stats` reports them.
    public struct Stats: Sendable, Equatable {
        public var tracksStarted = 0
        public var tracksEnded: [String: Int] = [:]
        public var tracksSkipped = 0
        public var playtimeSeconds = 0.0
        public var exceptions: [String: Int] = [:]
        public var stuck = 0
        /// Guilds with a track playing now.
        public var playingGuilds = 0
    }

    public let node: String
    private let metrics: any MetricsFactory
    private let clock: @Sendable () -> Double
    private let state = Mutex<(stats: Stats, started: [String: Double])>((Stats(), [:]))

    /// Creates a monitor for the events of one node.
    /// - Parameters:
    ///   - node: The node's name, used as the `node` label.
    ///   - metrics: Where metrics go; the application's bootstrapped factory by default.
    ///   - clock: Seconds since the Unix epoch; injectable for tests.
    public init(node: String, metrics: any MetricsFactory = MetricsSystem.factory,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.node = node
        self.metrics = metrics
        self.clock = clock
    }

    /// The totals so far.
    public var stats: Stats { state.withLock { $0.stats } }

    /// Records a websocket message; only `event` messages count.
    public func record(_ message: WebSocketMessage) {
        if let event = message.event { record(event) }
    }

    /// Records one player event.
    public func record(_ event: PlayerEvent) {
        let now = clock()
        let guild = event.guildId
        let labels = [("guild", guild), ("node", node)]
        var playtime: Double?
        let playing = state.withLock { state -> Int in
            switch event.type {
            case .trackStart:
                if let previous = state.started[guild] { playtime = now - previous }
                state.started[guild] = now
                state.stats.tracksStarted += 1
            case .trackEnd:
                if let started = state.started.removeValue(forKey: guild) { playtime = now - started }
                let reason = event.reason?.rawValue ?? "unknown"
                state.stats.tracksEnded[reason, default: 0] += 1
                if event.reason == .replaced || event.reason == .stopped { state.stats.tracksSkipped += 1 }
            case .trackException:
                state.stats.exceptions[event.exception?.severity.rawValue ?? "unknown", default: 0] += 1
            case .trackStuck:
                state.stats.stuck += 1
            case .webSocketClosed:
                if let started = state.started.removeValue(forKey: guild) { playtime = now - started }
            default:
                break
            }
            if let playtime { state.stats.playtimeSeconds += max(0, playtime) }
            state.stats.playingGuilds = state.started.count
            return state.started.count
        }
        switch event.type {
        case .trackStart:
            Counter(label: "sonora_playback_tracks_started_total", dimensions: labels, factory: metrics).increment()
        case .trackEnd:
            let reason = event.reason?.rawValue ?? "unknown"
            Counter(label: "sonora_playback_tracks_ended_total", dimensions: labels + [("reason", reason)], factory: metrics).increment()
            if event.reason == .replaced || event.reason == .stopped {
                Counter(label: "sonora_playback_tracks_skipped_total", dimensions: labels, factory: metrics).increment()
            }
        case .trackException:
            let severity = event.exception?.severity.rawValue ?? "unknown"
            Counter(label: "sonora_playback_exceptions_total", dimensions: labels + [("severity", severity)], factory: metrics).increment()
        case .trackStuck:
            Counter(label: "sonora_playback_stuck_total", dimensions: labels, factory: metrics).increment()
        default:
            break
        }
        if let playtime, playtime > 0 {
            FloatingPointCounter(label: "sonora_playback_playtime_seconds_total", dimensions: labels, factory: metrics).increment(by: playtime)
        }
        Gauge(label: "sonora_playback_playing_guilds", dimensions: [("node", node)], factory: metrics).record(playing)
    }
}
