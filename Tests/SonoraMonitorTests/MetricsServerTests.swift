import Foundation
import NIOCore
import Testing
@testable import SonoraMonitor
@testable import SonoraMonitorServer

@Suite(.serialized) struct MetricsServerTests {
    func started(_ monitor: PerformanceMonitor = PerformanceMonitor(), host: String = "127.0.0.1") async throws -> (MetricsServer, Int) {
        let server = MetricsServer(monitor: monitor, configuration: .init(host: host, port: 0))
        let address = try await server.start()
        return (server, try #require(address.port))
    }

    @Test func metricsAreScrapedOverHTTPWithTheExpositionContentType() async throws {
        let monitor = PerformanceMonitor()
        monitor.incrementCounter("tracks_played", by: 4)
        let (server, port) = try await started(monitor)
        defer { Task { await server.stop() } }
        let response = try RawHTTP.get("/metrics", port: port)
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(response.body.contains("sonora_tracks_played_total 4\n"))
        #expect(response.body.contains("# TYPE process_cpu_seconds_total counter"))
        await server.stop()
    }

    @Test(.enabled(if: ExternalTools.available("promtool") || ExternalTools.inCI))
    func promtoolFindsNoProblemsInALiveScrape() async throws {
        let monitor = PerformanceMonitor()
        monitor.incrementCounter("tracks_played", labels: ["guild": "1"])
        monitor.setGauge("active_guilds", 3)
        try monitor.recordTiming("track_load", seconds: 0.04, labels: ["source": "search"])
        let (server, port) = try await started(monitor)
        let body = try RawHTTP.get("/metrics", port: port).body
        await server.stop()
        let result = try ExternalTools.run("promtool", ["check", "metrics"], input: body)
        #expect(result.status == 0 && result.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool: \(result.output)")
    }

    @Test func healthAnswersOkAndOtherPathsAre404() async throws {
        let (server, port) = try await started()
        let health = try RawHTTP.get("/health", port: port)
        #expect(health.status == 200)
        #expect(health.body == "ok\n")
        #expect(try RawHTTP.get("/", port: port).status == 404)
        #expect(try RawHTTP.get("/metrics/extra", port: port).status == 404)
        #expect(try RawHTTP.get("/debug/pprof", port: port).status == 404)
        await server.stop()
    }

    @Test func aPortInUseIsAnErrorNamingThePort() async throws {
        let (first, port) = try await started()
        let second = MetricsServer(monitor: PerformanceMonitor(), configuration: .init(port: port))
        let error = await #expect(throws: MonitorServerError.self) { try await second.start() }
        #expect(error?.code == .portInUse)
        #expect(error?.message.contains("port \(port)") == true)
        await first.stop()
    }

    @Test func theDefaultBindIsLoopbackAndUnreachableFromAnotherAddress() async throws {
        #expect(MetricsServer.Configuration().host == "127.0.0.1")
        let server = MetricsServer(monitor: PerformanceMonitor(), configuration: .init(port: 0))
        let address = try await server.start()
        defer { Task { await server.stop() } }
        #expect(address.ipAddress == "127.0.0.1")
        let port = try #require(address.port)
        #expect(try RawHTTP.get("/health", port: port).status == 200)
        if let external = RawHTTP.nonLoopbackIPv4() {
            #expect(throws: RawHTTP.ConnectFailed.self) { _ = try RawHTTP.connect(host: external, port: port) }
        }
        await server.stop()
    }

    @Test func theNodePasswordNeverAppearsInTheExposition() async throws {
        let monitor = PerformanceMonitor()
        monitor.incrementCounter("track_loads", labels: ["node": "main"])
        let (server, port) = try await started(monitor)
        let body = try RawHTTP.get("/metrics", port: port).body
        await server.stop()
        #expect(!body.contains("youshallnotpass"))
    }
}
