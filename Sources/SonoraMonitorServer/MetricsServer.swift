import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import SonoraMonitor
import Synchronization

/// Serves a monitor over HTTP/1.1: `GET /metrics` (Prometheus text), `GET /health`, and gzipped
/// pprof profiles at `GET /debug/pprof/profile?seconds=N` (CPU) and `/debug/pprof/wall?seconds=N`;
/// every other path is 404.
///
/// Bound to `127.0.0.1` unless told otherwise, because metrics describe the bot's guilds and
/// nodes. Run it as a swift-service-lifecycle `Service` in a `ServiceGroup`, or ``start()`` and
/// ``stop()`` it by hand.
public final class MetricsServer: Service, Sendable {
    /// Where and what to serve.
    public struct Configuration: Sendable {
        /// The address to bind; `127.0.0.1` by default. Use `0.0.0.0` only behind a firewall.
        public var host: String
        /// The port; 9464 (the Prometheus exporter convention) by default, 0 for any free port.
        public var port: Int
        /// Whether `/metrics` adds the standard `process_*` families.
        public var includeProcessMetrics: Bool
        /// Whether `/debug/pprof/profile` and `/debug/pprof/wall` serve profiles of this process.
        public var profilingEnabled: Bool
        /// The largest `seconds` a profile request may ask for; larger ones get 400.
        public var maxProfileSeconds: Int
        /// Samples per second per thread for served profiles (Go's default is 100).
        public var profileFrequency: Int

        public init(
            host: String = "127.0.0.1", port: Int = 9464, includeProcessMetrics: Bool = true,
            profilingEnabled: Bool = true, maxProfileSeconds: Int = 120, profileFrequency: Int = 100
        ) {
            self.host = host
            self.port = port
            self.includeProcessMetrics = includeProcessMetrics
            self.profilingEnabled = profilingEnabled
            self.maxProfileSeconds = maxProfileSeconds
            self.profileFrequency = profileFrequency
        }
    }

    public let configuration: Configuration
    let monitor: PerformanceMonitor
    private let logger: Logger
    private let group: any EventLoopGroup
    private let channel = Mutex<(any Channel)?>(nil)

    /// - Parameters:
    ///   - monitor: The monitor to serve; the shared one by default.
    ///   - configuration: Host, port and options.
    ///   - logger: Where the server says it started and stopped.
    ///   - group: The event loops; NIO's shared singleton by default.
    public init(
        monitor: PerformanceMonitor = .shared, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "sonora.monitor.server"),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.monitor = monitor
        self.configuration = configuration
        self.logger = logger
        self.group = group
    }

    /// Binds and starts serving.
    /// - Returns: The bound address (its port is the real one when the configuration asked for 0).
    /// - Throws: ``MonitorServerError`` `.portInUse` naming host and port, `.bindFailed` otherwise,
    ///   `.alreadyRunning` when started twice.
    @discardableResult
    public func start() async throws -> SocketAddress {
        if channel.withLock({ $0 != nil }) {
            throw MonitorServerError(.alreadyRunning, "the metrics server already runs")
        }
        let address = "\(configuration.host):\(configuration.port)"
        let monitor = self.monitor
        let includeProcess = configuration.includeProcessMetrics
        let served = configuration
        let bound: any Channel
        do {
            bound = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 64)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.pipeline.configureHTTPServerPipeline().flatMap {
                        channel.pipeline.addHandler(MetricsHTTPHandler(monitor: monitor, includeProcessMetrics: includeProcess, configuration: served))
                    }
                }
                .bind(host: configuration.host, port: configuration.port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw MonitorServerError(.portInUse, "port \(configuration.port) is already in use (binding \(address)); choose another with --port", cause: error)
        } catch {
            throw MonitorServerError(.bindFailed, "could not listen on \(address): \(error)", cause: error)
        }
        channel.withLock { $0 = bound }
        let local = bound.localAddress!
        logger.info("serving metrics", metadata: ["url": "\(Self.url(for: local))/metrics"])
        return local
    }

    /// Stops listening and closes the socket; open connections finish their response.
    public func stop() async {
        let current = channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await current?.close()
    }

    /// Serves until the service group shuts down gracefully (or the task is cancelled); starts the
    /// server first unless ``start()`` already did.
    /// - Throws: What ``start()`` throws.
    public func run() async throws {
        if channel.withLock({ $0 == nil }) { try await start() }
        try? await gracefulShutdown()
        await stop()
        logger.info("metrics server stopped")
    }

    /// `http://host:port` for a bound address.
    public static func url(for address: SocketAddress) -> String {
        let host = address.ipAddress ?? "127.0.0.1"
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(address.port ?? 0)"
    }
}

#if canImport(Glibc)
import Glibc
#endif
