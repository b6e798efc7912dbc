import Foundation
import MetricsTestKit
import SonoraFakeLavalink
import SonoraMusic
import Synchronization
import Testing
@testable import SonoraOperations

@Suite(.serialized) struct HealthCheckerTests {
    static let password = "s3cret-node-password"

    /// Starts `count` fake nodes, runs `body`, and stops them.
    static func withNodes(_ count: Int, _ body: ([FakeLavalinkNode], [LavalinkNodeConfiguration]) async throws -> Void) async throws {
        var fakes: [FakeLavalinkNode] = []
        var configurations: [LavalinkNodeConfiguration] = []
        for index in 0..<count {
            let fake = FakeLavalinkNode(password: password)
            let port = try await fake.start()
            fakes.append(fake)
            configurations.append(try LavalinkNodeConfiguration(name: "node-\(index)", host: "127.0.0.1", port: port, password: password))
        }
        do {
            try await body(fakes, configurations)
        } catch {
            for fake in fakes { try? await fake.stop() }
            throw error
        }
        for fake in fakes { try? await fake.stop() }
    }

    @Test func aHealthyNodeIsUpWithItsVersionStatsAndGauges() async throws {
        try await Self.withNodes(1) { _, nodes in
            let metrics = TestMetrics()
            let checker = try HealthChecker(nodes: nodes, metrics: metrics)
            let health = try #require(await checker.checkAll().first)
            #expect(health.status == .up)
            #expect(health.version == "4.0.0")
            #expect(health.stats?.cpu.systemLoad == 0.1)
            #expect(health.stats?.frameStats == nil)
            #expect(health.responseTime.map { $0 > 0 } == true)
            #expect(try metrics.expectGauge("sonora_lavalink_node_up", [("node", "node-0")]).lastValue == 1)
            #expect(try metrics.expectGauge("sonora_lavalink_cpu_system_load", [("node", "node-0")]).lastValue == 0.1)
            #expect(try metrics.expectGauge("sonora_lavalink_penalty", [("node", "node-0")]).lastValue == NodePenalty.of(health.stats!))
            #expect(checker.bestNode()?.name == "node-0")
            try await checker.shutdown()
        }
    }

    /// Every way a node can fail, with the reason the check reports.
    static let failures: [(String, FailureMode?, String)] = [
        ("unauthorized", .unauthorized, "GET /version answered HTTP 401 (wrong password?)"),
        ("server error", .serverError(status: 500), "GET /version answered HTTP 500"),
        ("garbage", .garbage, "GET /v4/stats answered with a body that is not Lavalink stats JSON"),
        ("reset", .down, "the connection was closed without an answer"),
        ("slow", .slow(.seconds(3)), "no answer within 0.5 seconds"),
        ("stopped", nil, "connection refused"),
    ]

    @Test(arguments: 0..<6)
    func aFailingNodeIsReportedWithItsReasonAndNeverThePassword(_ index: Int) async throws {
        let (name, mode, reason) = Self.failures[index]
        try await Self.withNodes(1) { fakes, nodes in
            if let mode { fakes[0].setFailureMode(mode) } else { try await fakes[0].stop() }
            let (logger, log) = CapturingLogHandler.logger()
            let metrics = TestMetrics()
            let checker = try HealthChecker(nodes: nodes, configuration: .init(timeout: .milliseconds(500)), logger: logger, metrics: metrics)
            let health = try #require(await checker.checkAll().first)
            #expect(health.status == .degraded, "\(name)")
            #expect(health.lastError == "node node-0: \(reason)", "\(name)")
            #expect(try metrics.expectGauge("sonora_lavalink_node_up", [("node", "node-0")]).lastValue == 0)
            #expect(metrics.counterTotal(label: "sonora_lavalink_check_failures_total") == 1)
            #expect(log.text.contains("node-0"))
            #expect(!log.text.contains(Self.password))
            #expect(!(health.lastError ?? "").contains(Self.password))
            #expect(checker.bestNode() == nil)
            try await checker.shutdown()
        }
    }

    @Test func aNodeIsDownAfterMaxFailuresAndRecoversOnce() async throws {
        try await Self.withNodes(1) { fakes, nodes in
            let transitions = Mutex<[NodeTransition.Kind]>([])
            let checker = try HealthChecker(nodes: nodes, configuration: .init(timeout: .seconds(2), maxFailures: 3), metrics: TestMetrics()) {
                transition in transitions.withLock { $0.append(transition.kind) }
            }
            fakes[0].setFailureMode(.serverError(status: 503))
            var statuses: [NodeHealth.Status] = []
            for _ in 0..<4 { statuses.append(await checker.checkAll()[0].status) }
            #expect(statuses == [.degraded, .degraded, .down, .down])
            #expect(transitions.withLock { $0 } == [.down])
            fakes[0].setFailureMode(.healthy)
            #expect(await checker.checkAll()[0].status == .up)
            #expect(await checker.checkAll()[0].consecutiveFailures == 0)
            #expect(transitions.withLock { $0 } == [.down, .recovered])
            try await checker.shutdown()
        }
    }

    @Test func nodesAreCheckedAtOnceSoHangingNodesCostOneTimeout() async throws {
        // Five of twenty nodes hang for 10 s; one after another they would take at least 5 timeouts.
        try await Self.withNodes(20) { fakes, nodes in
            for fake in fakes.prefix(5) { fake.setFailureMode(.slow(.seconds(10))) }
            let checker = try HealthChecker(nodes: nodes, configuration: .init(timeout: .seconds(1)), metrics: TestMetrics())
            let started = ContinuousClock.now
            let health = await checker.checkAll()
            let elapsed = ContinuousClock.now - started
            #expect(health.filter { $0.status == .up }.count == 15)
            #expect(elapsed < .seconds(3), "took \(elapsed)")
            try await checker.shutdown()
        }
    }

    @Test func bestNodeSkipsNodesThatAreNotUp() async throws {
        try await Self.withNodes(2) { fakes, nodes in
            fakes[0].setFailureMode(.unauthorized)
            let checker = try HealthChecker(nodes: nodes, metrics: TestMetrics())
            await checker.checkAll()
            #expect(checker.bestNode()?.name == "node-1")
            try await checker.shutdown()
        }
    }

    @Test func thePenaltyFollowsLavalinkClientsFormula() throws {
        let message = try JSONSerialization.jsonObject(with: OperationsFixtures.data("lavalink-docs-example_websocket_stats-op.json")) as! [String: Any]
        var body = message
        body.removeValue(forKey: "op")
        let stats = try NodeStats.decode(json: try JSONSerialization.data(withJSONObject: body))
        // playingPlayers 1, systemLoad 0.5, deficit -3010, nulled 10.
        let expected = 1 + (pow(1.05, 50) * 10 - 10) + (pow(1.03, 500 * -3010 / 3000.0) * 600 - 600)
            + (pow(1.03, 500 * 10 / 3000.0) * 300 - 300) * 2
        #expect(abs(NodePenalty.of(stats) - expected) < 1e-9)
        var idle = stats
        idle.frameStats = nil
        idle.playingPlayers = 0
        idle.cpu.systemLoad = 0
        #expect(NodePenalty.of(idle) == 0)
    }

    @Test(arguments: [
        ("", "127.0.0.1", 2333, "a Lavalink node needs a name"),
        ("a", "", 2333, "node a: host \"\" is not a host name or address"),
        ("a", "h", 0, "node a: port 0 is outside 1…65535"),
    ])
    func badNodeConfigurationsAreRefusedByField(_ name: String, _ host: String, _ port: Int, _ message: String) {
        #expect { try LavalinkNodeConfiguration(name: name, host: host, port: port, password: "x") } throws: {
            ($0 as? OperationsError)?.message == message
        }
    }

    @Test func twoNodesWithOneNameAreRefused() throws {
        let node = try LavalinkNodeConfiguration(name: "a", host: "127.0.0.1", password: "x")
        #expect { try HealthChecker(nodes: [node, node]) } throws: { ($0 as? OperationsError)?.message == "two Lavalink nodes are named a" }
    }
}
