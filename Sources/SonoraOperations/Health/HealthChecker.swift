import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import SonoraMusic
import Synchronization

/// Checks Lavalink nodes: `GET /version` and `GET /v4/stats` on every node at once, each within a
/// timeout, counting consecutive failures and reporting a node down after `maxFailures` of them and
/// recovered when it answers again.
///
/// Each check publishes per-node gauges through swift-metrics (so whichever backend the application
/// bootstrapped, such as Sonora's monitor, exports them), labelled `node`:
/// `sonora_lavalink_node_up`, `sonora_lavalink_node_response_seconds`, `sonora_lavalink_players`,
/// `sonora_lavalink_playing_players`, `sonora_lavalink_uptime_seconds`,
/// `sonora_lavalink_memory_used_bytes`, `sonora_lavalink_cpu_system_load`,
/// `sonora_lavalink_cpu_lavalink_load`, `sonora_lavalink_frames_deficit`,
/// `sonora_lavalink_frames_nulled`, `sonora_lavalink_penalty`, and the counter
/// `sonora_lavalink_check_failures_total`.
///
/// Runs as a swift-service-lifecycle `Service` (checking every ``Configuration/interval``), or call
/// ``checkAll()`` yourself.
public final class HealthChecker: Service, Sendable {
    public struct Configuration: Sendable {
        /// Time between rounds of checks when run as a service.
        public var interval: Duration
        /// The most one node's check (both requests) may take.
        public var timeout: Duration
        /// Failures in a row after which a node is down.
        public var maxFailures: Int

        /// Creates a configuration; ``HealthChecker/init(nodes:configuration:logger:onTransition:)`` validates it.
        public init(interval: Duration = .seconds(30), timeout: Duration = .seconds(5), maxFailures: Int = 3) {
            self.interval = interval
            self.timeout = timeout
            self.maxFailures = maxFailures
        }
    }

    public let nodes: [LavalinkNodeConfiguration]
    public let configuration: Configuration
    private let client: HTTPClient
    private let logger: Logger
    private let onTransition: @Sendable (NodeTransition) async -> Void
    private let state: Mutex<[String: NodeHealth]>
    private let metrics: any MetricsFactory

    /// Creates a checker.
    /// - Parameters:
    ///   - nodes: The nodes; names must be unique.
    ///   - configuration: Interval, timeout and failure threshold.
    ///   - logger: Where check failures are logged (without passwords).
    ///   - metrics: Where gauges go; the application's bootstrapped factory by default.
    ///   - onTransition: Called once when a node goes down and once when it recovers; hand it to
    ///     ``AlertManager/notify(_:)`` to alert through the same sinks as the rules.
    /// - Throws: ``OperationsError`` `.badConfiguration` when two nodes share a name, for a
    ///   non-positive interval or timeout, or for `maxFailures` below 1.
    public init(
        nodes: [LavalinkNodeConfiguration], configuration: Configuration = .init(),
        logger: Logger = Logger(label: "sonora.health"), metrics: any MetricsFactory = MetricsSystem.factory,
        onTransition: @escaping @Sendable (NodeTransition) async -> Void = { _ in }
    ) throws {
        guard configuration.interval > .zero else { throw OperationsError(.badConfiguration, "health check interval \(configuration.interval) must be positive") }
        guard configuration.timeout > .zero else { throw OperationsError(.badConfiguration, "health check timeout \(configuration.timeout) must be positive") }
        guard configuration.maxFailures >= 1 else { throw OperationsError(.badConfiguration, "maxFailures \(configuration.maxFailures) must be at least 1") }
        var seen = Set<String>()
        for node in nodes where !seen.insert(node.name).inserted {
            throw OperationsError(.badConfiguration, "two Lavalink nodes are named \(node.name)")
        }
        self.nodes = nodes
        self.configuration = configuration
        self.logger = logger
        self.onTransition = onTransition
        self.metrics = metrics
        var initial: [String: NodeHealth] = [:]
        for node in nodes {
            initial[node.name] = NodeHealth(node: node, status: .unknown, consecutiveFailures: 0)
        }
        state = Mutex(initial)
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    deinit {
        try? client.syncShutdown()
    }

    /// The latest health of every node, in configuration order.
    public var health: [NodeHealth] {
        state.withLock { current in nodes.compactMap { current[$0.name] } }
    }

    /// The usable node with the lowest ``NodePenalty``, for routing a new player; `nil` when none is up.
    public func bestNode() -> LavalinkNodeConfiguration? {
        health.filter { $0.status == .up }
            .min { ($0.penalty ?? .infinity) < ($1.penalty ?? .infinity) }?
            .node
    }

    /// Checks every node at once and returns their health; finishes within about the timeout even
    /// when nodes hang.
    @discardableResult
    public func checkAll() async -> [NodeHealth] {
        await withTaskGroup(of: Void.self) { group in
            for node in nodes {
                group.addTask { await self.check(node) }
            }
        }
        return health
    }

    /// Runs rounds of checks every ``Configuration/interval`` until graceful shutdown.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await checkAll()
            try? await Task.sleep(for: configuration.interval)
        }
    }

    /// Shuts the HTTP client down; call once, when done, if you did not run the checker as a service.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    private func check(_ node: LavalinkNodeConfiguration) async {
        let started = ContinuousClock.now
        let deadline = NIODeadline.now() + .nanoseconds(Int64(configuration.timeout.nanoseconds))
        var health = state.withLock { $0[node.name]! }
        do {
            let version = try await get(node, "/version", deadline: deadline)
            let statsStart = ContinuousClock.now
            let statsBody = try await get(node, "/v4/stats", deadline: deadline)
            let responseTime = (ContinuousClock.now - statsStart).seconds
            let stats: NodeStats
            do {
                stats = try NodeStats.decode(json: statsBody)
            } catch {
                throw OperationsError(.badResponse, "node \(node.name): GET /v4/stats answered with a body that is not Lavalink stats JSON")
            }
            health.version = String(decoding: version, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            health.stats = stats
            health.responseTime = responseTime
            health.lastError = nil
            let wasDown = health.status == .down
            health.status = .up
            health.consecutiveFailures = 0
            publish(health)
            store(health)
            if wasDown { await onTransition(NodeTransition(kind: .recovered, health: health)) }
        } catch {
            let message = (error as? OperationsError)?.message
                ?? "node \(node.name): \(Self.reason(error, timeout: configuration.timeout, elapsed: ContinuousClock.now - started))"
            health.consecutiveFailures += 1
            health.lastError = message
            let becameDown = health.consecutiveFailures == configuration.maxFailures
            health.status = health.consecutiveFailures >= configuration.maxFailures ? .down : .degraded
            logger.warning("Lavalink health check failed", metadata: [
                "node": "\(node.name)", "address": "\(node.address)", "failures": "\(health.consecutiveFailures)", "error": "\(message)",
            ])
            Counter(label: "sonora_lavalink_check_failures_total", dimensions: [("node", node.name)], factory: metrics).increment()
            Gauge(label: "sonora_lavalink_node_up", dimensions: [("node", node.name)], factory: metrics).record(0)
            store(health)
            if becameDown { await onTransition(NodeTransition(kind: .down, health: health)) }
        }
    }

    private func store(_ health: NodeHealth) {
        state.withLock { $0[health.node.name] = health }
    }

    private func get(_ node: LavalinkNodeConfiguration, _ path: String, deadline: NIODeadline) async throws -> Data {
        var request = HTTPClientRequest(url: node.baseURL + path)
        request.headers.add(name: "Authorization", value: node.password)
        let response = try await client.execute(request, deadline: deadline)
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else {
            throw OperationsError(.badResponse, "node \(node.name): GET \(path) answered HTTP \(response.status.code)\(response.status == .unauthorized ? " (wrong password?)" : "")")
        }
        return Data(body.readableBytesView)
    }

    private func publish(_ health: NodeHealth) {
        let dimensions = [("node", health.node.name)]
        Gauge(label: "sonora_lavalink_node_up", dimensions: dimensions, factory: metrics).record(1)
        if let responseTime = health.responseTime {
            Gauge(label: "sonora_lavalink_node_response_seconds", dimensions: dimensions, factory: metrics).record(responseTime)
        }
        guard let stats = health.stats else { return }
        Gauge(label: "sonora_lavalink_players", dimensions: dimensions, factory: metrics).record(stats.players)
        Gauge(label: "sonora_lavalink_playing_players", dimensions: dimensions, factory: metrics).record(stats.playingPlayers)
        Gauge(label: "sonora_lavalink_uptime_seconds", dimensions: dimensions, factory: metrics).record(Double(stats.uptime) / 1000)
        Gauge(label: "sonora_lavalink_memory_used_bytes", dimensions: dimensions, factory: metrics).record(stats.memory.used)
        Gauge(label: "sonora_lavalink_cpu_system_load", dimensions: dimensions, factory: metrics).record(stats.cpu.systemLoad)
        Gauge(label: "sonora_lavalink_cpu_lavalink_load", dimensions: dimensions, factory: metrics).record(stats.cpu.lavalinkLoad)
        if let frames = stats.frameStats {
            Gauge(label: "sonora_lavalink_frames_deficit", dimensions: dimensions, factory: metrics).record(frames.deficit)
            Gauge(label: "sonora_lavalink_frames_nulled", dimensions: dimensions, factory: metrics).record(frames.nulled)
        }
        Gauge(label: "sonora_lavalink_penalty", dimensions: dimensions, factory: metrics).record(NodePenalty.of(stats))
    }

    /// A short reason for a transport failure, without Swift type names or the password.
    static func reason(_ error: any Error, timeout: Duration, elapsed: Duration) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("refused") { return "connection refused" }
        if text.contains("deadlineExceeded") || text.contains("Timeout") || elapsed >= timeout {
            return "no answer within \(timeout)"
        }
        if text.contains("remoteConnectionClosed") || text.contains("reset") || text.contains("EOF") {
            return "the connection was closed without an answer"
        }
        return "the check failed (\(text.prefix(120)))"
    }
}
