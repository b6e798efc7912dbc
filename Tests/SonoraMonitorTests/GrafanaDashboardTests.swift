import Foundation
import SonoraTestSupport
import Testing

/// Runs every query of `Dashboards/sonora-grafana.json` against a real Prometheus that scraped
/// `sonora monitor demo`: each must parse and return data, so renaming a metric breaks this test.
@Suite(.serialized) struct GrafanaDashboardTests {
    static let dashboardURL = FixtureFolder.repository.appendingPathComponent("Dashboards/sonora-grafana.json")

    /// Every target expression, with Grafana's variables replaced as Grafana would for a 1 s scrape.
    static func expressions() throws -> [(panel: String, expr: String)] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dashboardURL)) as! [String: Any]
        var found: [(String, String)] = []
        for panel in json["panels"] as! [[String: Any]] {
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                let expr = (target["expr"] as! String)
                    .replacingOccurrences(of: "$__rate_interval", with: "20s")
                    .replacingOccurrences(of: "$job", with: ".*")
                found.append((panel["title"] as! String, expr))
            }
        }
        return found
    }

    @Test func theDashboardIsImportableWithTheSeedsFiveRows() throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.dashboardURL)) as! [String: Any]
        #expect((json["schemaVersion"] as? Int ?? 0) >= 39)
        let inputs = json["__inputs"] as? [[String: Any]] ?? []
        #expect(inputs.first?["name"] as? String == "DS_PROMETHEUS")
        let rows = (json["panels"] as! [[String: Any]]).filter { $0["type"] as? String == "row" }.map { $0["title"] as! String }
        #expect(rows == ["System", "Playback", "Queue", "Performance", "Errors"])
        #expect(try Self.expressions().count >= 19)
    }

    @Test(.enabled(if: ExternalTools.available("prometheus") || ExternalTools.inCI), .timeLimit(.minutes(3)))
    func everyDashboardQueryReturnsDataFromTheDemo() async throws {
        let prometheus = try ExternalTools.require("prometheus")
        let binary = PrometheusServerTests.sonoraBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "sonora not built at \(binary.path)")
        let demoPort = try PrometheusServerTests.freePort()
        let promPort = try PrometheusServerTests.freePort()
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = Process()
        demo.executableURL = binary
        demo.arguments = ["monitor", "demo", "--port", "\(demoPort)", "--seconds", "120"]
        demo.standardOutput = FileHandle.nullDevice
        demo.standardError = FileHandle.nullDevice
        try demo.run()
        defer { if demo.isRunning { kill(demo.processIdentifier, SIGKILL); demo.waitUntilExit() } }
        let server = try PrometheusServerTests.startPrometheus(prometheus, scraping: demoPort, listeningOn: promPort, in: directory)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() } }

        var missing = try Self.expressions()
        for _ in 0..<90 where !missing.isEmpty {
            try await Task.sleep(for: .seconds(1))
            missing = missing.filter { (try? PrometheusServerTests.query($0.expr, port: promPort)) == nil }
        }
        #expect(missing.isEmpty, "queries that never returned data: \(missing.map { "\($0.panel): \($0.expr)" })")
    }
}
