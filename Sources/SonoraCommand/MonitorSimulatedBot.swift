import Foundation
import Logging
import ServiceLifecycle
import SonoraMonitor
import SonoraMusic
import SonoraOperations

/// A pretend Discord music bot: guilds ask for tracks, the bot loads them from Lavalink, queues
/// and plays them, and records what a real bot would.
final class SimulatedBot: Sendable {
    let monitor: PerformanceMonitor
    let loader: TrackLoader
    let guilds: Int
    let logger: Logger
    /// Fed the websocket events a node would send as tracks start, end and fail.
    let playback: PlaybackMonitor
    /// Fed every queue's events.
    let queueMonitor: QueueMonitor

    /// What users ask for, with the `source` label each gets.
    static let requests: [(identifier: String, source: String)] = [
        ("ytsearch:never gonna give you up", "search"), ("sonora:track", "track"),
        ("sonora:playlist:10", "playlist"), ("scsearch:lofi beats", "search"), ("sonora:error", "error"),
        ("sonora:empty", "empty"), ("sonora:badtrack", "badtrack"),
    ]

    init(monitor: PerformanceMonitor, baseURL: String, password: String, guilds: Int, logger: Logger) {
        self.monitor = monitor
        self.loader = TrackLoader(configuration: .init(baseURL: baseURL, password: password, maxAttempts: 1))
        self.guilds = guilds
        self.logger = logger
        self.playback = PlaybackMonitor(node: "demo-node")
        self.queueMonitor = QueueMonitor()
    }

    func shutdown() async throws { try await loader.shutdown() }

    /// A service that runs the bot for `seconds`, or until shutdown.
    func service(seconds: Double?) -> some Service { BotService(bot: self, seconds: seconds) }

    struct BotService: Service {
        let bot: SimulatedBot
        let seconds: Double?

        func run() async throws {
            try await cancelWhenGracefulShutdown {
                try await bot.play(until: seconds.map { Date().addingTimeInterval($0) })
            }
        }
    }

    /// Loops over guilds until `deadline`: one request, one play, one queue update per step.
    func play(until deadline: Date?) async throws {
        var queues = Array(repeating: TrackQueue(options: .init(maxSize: 50)), count: guilds)
        for guild in queues.indices { queues[guild].onEvent = queueMonitor.observer(guild: "\(guild)") }
        var step = 0
        let played = try (0..<guilds).map {
            try monitor.counter("tracks_played", labels: ["guild": "\($0)"], help: "Tracks the bot started playing.")
        }
        monitor.setGauge("active_guilds", Double(guilds), help: "Guilds with a voice connection.")
        while deadline.map({ Date() < $0 }) ?? true {
            try Task.checkCancellation()
            let guild = step % guilds
            let request = Self.requests[(step / guilds + guild) % Self.requests.count]
            monitor.incrementCounter(
                "user_commands", labels: ["command": "play"], help: "Commands users sent to the bot.")
            do {
                let result = try await monitor.measure("track_load", labels: ["source": request.source]) {
                    try await loader.loadTracks(request.identifier)
                }
                monitor.incrementCounter(
                    "track_loads", labels: ["result": result.loadType.rawValue], help: "Lavalink loadtracks answers by load type.")
                for loaded in result.tracks.prefix(3) {
                    if let track = try? loaded.decoded(), !queues[guild].isFull { try? queues[guild].append(track) }
                }
            } catch {
                monitor.incrementCounter("track_load_failures", help: "Track loads that failed.")
                logger.warning("track load failed", metadata: ["identifier": "\(request.identifier)", "error": "\(error)"])
            }
            if step % 2 == 0, queues[guild].next() != nil {
                played[guild].increment()
                // What the node would send: the previous track finished, the next one started.
                playEvent(#"{"op":"event","type":"TrackEndEvent","guildId":"\#(guild)","reason":"finished"}"#)
                playEvent(#"{"op":"event","type":"TrackStartEvent","guildId":"\#(guild)"}"#)
            }
            if step % 25 == 24 {
                playEvent(#"{"op":"event","type":"TrackExceptionEvent","guildId":"\#(guild)","exception":{"message":"This video is unavailable","severity":"common","cause":"demo"}}"#)
            }
            if step % 30 == 29, !queues[guild].isEmpty {
                _ = try? queues[guild].remove(at: 0)  // a user removes a track they queued
            }
            if step % 40 == 39 {
                queues[guild].shuffle()
                playEvent(#"{"op":"event","type":"TrackEndEvent","guildId":"\#(guild)","reason":"replaced"}"#)
            }
            monitor.setGauge(
                "queued_tracks", Double(queues[guild].count), labels: ["guild": "\(guild)"],
                help: "Tracks waiting in each guild's queue.")
            step += 1
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Feeds the playback monitor one websocket message, decoded as a real one would be.
    private func playEvent(_ json: String) {
        if let message = try? WebSocketMessage.decode(json: Data(json.utf8)) { playback.record(message) }
    }
}
