import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback Lavalink v4 REST server that serves real fixture bodies, for tests, benchmarks and health checks.
///
/// ```swift
/// let node = FakeLavalinkNode(password: "youshallnotpass")
/// let port = try await node.start()          // 127.0.0.1, ephemeral port
/// node.setFailureMode(.serverError(times: 2)) // the next two requests get 503
/// try await node.stop()
/// ```
///
/// Endpoints: `GET /version` (plain text, no password), `GET /v4/info`, `GET /v4/stats`,
/// `GET /v4/loadtracks?identifier=…` (password in the `Authorization` header). Identifiers:
/// - `sonora:track`, `sonora:playlist`, `sonora:search`, `sonora:error`: verbatim Lavalink/Lavalink4NET fixture bodies;
/// - `sonora:empty` (`data: {}`), `sonora:empty-null` (`data: null`);
/// - `sonora:playlist:N` (0 ≤ N ≤ 1000): a playlist of the first N corpus tracks (10, 100, 1000 for benchmarks);
/// - `ytsearch:…`, `ytmsearch:…`, `scsearch:…`: five corpus tracks chosen from the query (stable);
/// - a corpus video id or `https://www.youtube.com/watch?v=…` URL: that track;
/// - `sonora:badtrack`: a `track` result whose `encoded` string is truncated;
/// - anything else: `empty`.
public final class FakeLavalinkNode: Sendable {
    /// The password clients must send in `Authorization`.
    public let password: String
    private let latency: Duration
    private let running = Mutex<(channel: (any Channel)?, core: FakeLavalinkCore?, port: Int?)>((nil, nil, nil))
    private let pendingMode = Mutex<FailureMode>(.healthy)

    /// Creates a stopped node.
    /// - Parameters:
    ///   - password: The password clients must send; `youshallnotpass` (Lavalink's example) by default.
    ///   - latency: A delay added before every answer, to model a remote node.
    public init(password: String = "youshallnotpass", latency: Duration = .zero) {
        self.password = password
        self.latency = latency
    }

    /// Starts listening on 127.0.0.1 on an ephemeral port.
    /// - Returns: The bound port.
    /// - Throws: If the fixtures are missing or the socket cannot be bound.
    @discardableResult
    public func start() async throws -> Int {
        if let port = running.withLock({ $0.port }) { return port }
        let routes = FakeLavalinkRoutes(fixtures: try FakeLavalinkFixtures.load(), startTime: Date())
        let core = FakeLavalinkCore(routes: routes, password: password, latency: latency)
        core.setFailureMode(pendingMode.withLock { $0 })
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                core.track(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FakeLavalinkHTTPHandler(core: core))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        running.withLock { $0 = (channel, core, port) }
        return port
    }

    /// Stops listening and closes every open connection, so clients see the node as down.
    public func stop() async throws {
        let (channel, core) = running.withLock { state in
            defer { state = (nil, nil, nil) }
            return (state.channel, state.core)
        }
        try await channel?.close()
        let connections = core?.connections.withLock { Array($0.values) } ?? []
        for connection in connections { try? await connection.close() }
    }

    /// The bound port, or `nil` when stopped.
    public var port: Int? { running.withLock { $0.port } }

    /// `http://127.0.0.1:<port>`, or `nil` when stopped.
    public var baseURL: String? { port.map { "http://127.0.0.1:\($0)" } }

    /// Changes how the node misbehaves from the next request on.
    /// - Parameter mode: The failure mode.
    public func setFailureMode(_ mode: FailureMode) {
        pendingMode.withLock { $0 = mode }
        running.withLock { $0.core }?.setFailureMode(mode)
    }

    /// The number of requests answered (or refused) since ``start()``.
    public var requestCount: Int { running.withLock { $0.core }?.state.withLock { $0.requestCount } ?? 0 }
}
