import ArgumentParser
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SonoraFakeLavalink
import SonoraMonitor
import SonoraMonitorServer
import SonoraOperations

/// `sonora monitor demo`: a simulated bot against a loopback Lavalink node, with its metrics on `/metrics`.
struct MonitorDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a simulated music bot against a loopback fake Lavalink node and serve its metrics.",
        discussion: """
            The bot loads tracks with TrackLoader, queues them in per-guild TrackQueues and plays them,
            recording tracks_played, active_guilds, queued_tracks, track_load timings and more; it feeds
            playback and queue monitors and health-checks the node (and a second node that never answers).
            Metrics are
            served at http://127.0.0.1:<port>/metrics until --seconds pass or Ctrl-C. Logs are JSON lines on
            standard error, with the node password redacted.
            """
    )

    @Option(help: "The port for /metrics and /health (0 picks a free one).")
    var port: Int = 9464

    @Option(help: "The address to bind; loopback by default.")
    var host: String = "127.0.0.1"

    @Option(help: "Stop after this many seconds (default: run until interrupted).")
    var seconds: Double?

    @Option(help: "Simulated guilds, 1 to \(MonitorDemoCommand.maxGuilds).")
    var guilds: Int = 5

    /// The most simulated guilds: each keeps a queue and a playback monitor, and the demo is for
    /// seeing the metrics move, not for load (100 million used to take all of memory).
    static let maxGuilds = 10_000

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535, not \(port)") }
        if let seconds, !(seconds > 0) { throw ValidationError("--seconds must be positive, not \(seconds)") }
        guard (1...Self.maxGuilds).contains(guilds) else {
            throw ValidationError("--guilds must be 1...\(Self.maxGuilds), not \(guilds)")
        }
    }

    func run() async throws {
        let monitor = PerformanceMonitor.shared
        // Everything any library records through swift-metrics (TrackLoader, NIO) lands in the monitor.
        MetricsSystem.bootstrap(SonoraMetricsFactory(monitor: monitor))
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        let logger = Logger(label: "sonora.monitor.demo")

        let server = MetricsServer(
            monitor: monitor, configuration: .init(host: host, port: port), logger: logger)
        let address: String
        do {
            address = MetricsServer.url(for: try await server.start())
        } catch let error as MonitorServerError {
            throw ValidationError(error.message)
        }
        // Written directly (unbuffered), so a parent reading the pipe sees the URL at once.
        FileHandle.standardOutput.write(Data("Serving metrics at \(address)/metrics (health: \(address)/health)\n".utf8))

        let node = FakeLavalinkNode()
        let nodePort = try await node.start()
        logger.info(
            "fake Lavalink node started",
            metadata: ["url": "http://127.0.0.1:\(nodePort)", "password": "\(node.password)"])
        let bot = SimulatedBot(
            monitor: monitor, baseURL: "http://127.0.0.1:\(nodePort)", password: node.password, guilds: guilds,
            logger: logger)

        // Health checks of the node, and of a second node that accepts connections but never answers,
        // so the dashboard's node rows show both an up and a down node.
        let brokenNode = FakeLavalinkNode()
        let brokenPort = try await brokenNode.start()
        brokenNode.setFailureMode(.down)
        let health = try HealthChecker(
            nodes: [
                try LavalinkNodeConfiguration(name: "demo-node", host: "127.0.0.1", port: nodePort, password: node.password),
                try LavalinkNodeConfiguration(name: "demo-broken", host: "127.0.0.1", port: brokenPort, password: node.password),
            ],
            configuration: .init(interval: .seconds(2), timeout: .seconds(1)), logger: logger)

        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: server),
                    .init(service: health),
                    .init(service: bot.service(seconds: seconds), successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        try await bot.shutdown()
        try await node.stop()
        try await brokenNode.stop()

        let stats = monitor.stats()
        print("tracks played: \(stats.counters.filter { $0.key.hasPrefix("tracks_played") }.values.reduce(0, +))")
        if let average = stats.timings.filter({ $0.key.hasPrefix("track_load") }).values.map(\.mean).max() {
            print(String(format: "slowest source's mean track_load: %.1f ms", average * 1000))
        }
    }
}
