import Foundation
import SonoraTestSupport
import Testing

/// Starts the built `sonora monitor demo` and a real Prometheus server scraping it, then asks
/// Prometheus' HTTP API for a counter and a histogram quantile.
@Suite(.serialized) struct PrometheusServerTests {
    /// The `sonora` binary next to this test bundle (`swift build --build-tests` builds it), as ``CommandRunner`` finds it.
    static var sonoraBinary: URL {
        CommandRunner.sonoraExecutable ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sonora")
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts the real Prometheus server at `executable`, scraping `127.0.0.1:target` every second,
    /// serving its API on `127.0.0.1:port` and keeping its config and data in `directory`.
    static func startPrometheus(_ executable: String, scraping target: Int, listeningOn port: Int, in directory: URL) throws -> Process {
        let config = directory.appendingPathComponent("prometheus.yml")
        try """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: sonora
                static_configs:
                  - targets: ['127.0.0.1:\(target)']
            """.write(to: config, atomically: true, encoding: .utf8)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: executable)
        server.arguments = [
            "--config.file=\(config.path)",
            "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        return server
    }

    static func query(_ expression: String, port: Int) throws -> Double? {
        let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let response = try RawHTTP.get("/api/v1/query?query=\(encoded)", port: port)
        guard response.status == 200,
            let json = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any],
            let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
            let first = result.first, let value = first["value"] as? [Any], let text = value.last as? String
        else { return nil }
        return Double(text)
    }

    @Test(.enabled(if: ExternalTools.available("prometheus") || ExternalTools.inCI), .timeLimit(.minutes(2)))
    func prometheusScrapesTheDemoAndAnswersQueries() async throws {
        let prometheus = try ExternalTools.require("prometheus")
        try #require(FileManager.default.isExecutableFile(atPath: Self.sonoraBinary.path), "sonora not built at \(Self.sonoraBinary.path)")
        let demoPort = try Self.freePort()
        let promPort = try Self.freePort()
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = Process()
        demo.executableURL = Self.sonoraBinary
        demo.arguments = ["monitor", "demo", "--port", "\(demoPort)", "--seconds", "60"]
        let demoOut = Pipe()
        demo.standardOutput = demoOut
        demo.standardError = FileHandle.nullDevice
        try demo.run()
        defer { if demo.isRunning { demo.terminate(); demo.waitUntilExit() } }
        let firstLine = String(decoding: demoOut.fileHandleForReading.availableData, as: UTF8.self)
        #expect(firstLine.contains("http://127.0.0.1:\(demoPort)/metrics"))

        let server = try Self.startPrometheus(prometheus, scraping: demoPort, listeningOn: promPort, in: directory)
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }

        // Wait for a few scrapes, then compare Prometheus' view with the demo's own /metrics.
        var played: Double?
        var quantile: Double?
        for _ in 0..<60 {
            try await Task.sleep(for: .seconds(1))
            played = try? Self.query("sum(sonora_tracks_played_total)", port: promPort)
            quantile = try? Self.query(
                "histogram_quantile(0.9, sum by (le) (sonora_track_load_duration_seconds_bucket))", port: promPort)
            if let played, played > 0, let quantile, quantile.isFinite { break }
        }
        let scraped = try #require(played, "Prometheus never answered sum(sonora_tracks_played_total)")
        let p90 = try #require(quantile, "Prometheus never answered the track_load quantile")
        #expect(scraped > 0)
        #expect(p90 > 0 && p90 <= 10)

        // Prometheus' last sample can only trail the live counter, and the quantile must lie
        // inside the bucket range that holds the demo's recorded loads.
        let live = try RawHTTP.get("/metrics", port: demoPort).body
        let liveTotal = live.split(separator: "\n")
            .filter { $0.hasPrefix("sonora_tracks_played_total{") }
            .compactMap { Double($0.split(separator: " ").last!) }.reduce(0, +)
        #expect(scraped <= liveTotal)
        let liveCount = live.split(separator: "\n").filter { $0.hasPrefix("sonora_track_load_duration_seconds_count") }
        #expect(!liveCount.isEmpty)
    }
}
