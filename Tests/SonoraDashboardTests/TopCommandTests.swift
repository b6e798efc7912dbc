import Foundation
import SonoraTestSupport
import Testing

/// `sonora top` run as a user runs it, against a real HTTP server on loopback (Python's http.server
/// serving the fixture scrapes; its directory listing at `/` is an HTML page).
@Suite(.serialized) struct TopCommandTests {
    /// Serves `Fixtures/` on an ephemeral loopback port for the duration of `body`.
    static func withFixtureServer(_ body: (Int) throws -> Void) throws {
        try withTemporaryDirectory { directory in
            let portFile = directory.appendingPathComponent("port")
            let script = """
                import http.server, functools, sys
                handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
                handler.log_message = lambda *a: None
                server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
                open(sys.argv[2] + ".tmp", "w").write(str(server.server_address[1]))
                import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
                server.serve_forever()
                """
            let server = Process()
            server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            server.arguments = ["python3", "-c", script, ScrapeFixtures.directory.path, portFile.path]
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            defer {
                // SIGKILL: the test process may pass an ignored SIGTERM on to its children.
                kill(server.processIdentifier, SIGKILL)
                server.waitUntilExit()
            }
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: portFile.path) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
            let port = try #require(Int(try String(contentsOf: portFile, encoding: .utf8)))
            try body(port)
        }
    }

    @Test func onceScrapesTwiceAndPrintsOnePlainFrame() throws {
        try Self.withFixtureServer { port in
            let url = "http://127.0.0.1:\(port)/python-client-2.txt"
            let run = try CommandRunner.sonora(["top", "--once", "--url", url, "--interval", "200ms", "--width", "90"])
            #expect(run.status == 0, "\(run.error)")
            #expect(run.output.hasPrefix("sonora top  \(url)  scraped "))
            #expect(run.output.contains("sonora_tracks_played_total{guild=\"1\"}"))
            #expect(run.output.contains("sonora_track_load_seconds{node=\"eu-1\"}"))
            #expect(!run.output.contains("\u{1B}"))
            #expect(run.output.split(separator: "\n").allSatisfy { $0.count <= 90 })
        }
    }

    @Test func aBodyThatIsNotPrometheusTextIsNamed() throws {
        try Self.withFixtureServer { port in
            let run = try CommandRunner.sonora(["top", "--once", "--url", "http://127.0.0.1:\(port)/", "--interval", "100ms"])
            #expect(run.status == 1)
            #expect(run.error == "error: http://127.0.0.1:\(port)/ did not answer with Prometheus text format: the body looks like HTML or XML\n")
        }
    }

    @Test func aMissingPathGivesTheHTTPStatus() throws {
        try Self.withFixtureServer { port in
            let run = try CommandRunner.sonora(["top", "--once", "--url", "http://127.0.0.1:\(port)/nope", "--interval", "100ms"])
            #expect(run.status == 1)
            #expect(run.error.contains("answered HTTP 404"))
        }
    }

    @Test func aRefusedConnectionIsAClearError() throws {
        // Port 1 on loopback: nothing listens there, and binding it needs privileges no test takes.
        let run = try CommandRunner.sonora(["top", "--once", "--url", "http://127.0.0.1:1/metrics", "--interval", "100ms"])
        #expect(run.status == 1)
        #expect(run.error == "error: cannot scrape http://127.0.0.1:1/metrics: connection refused\n")
    }

    @Test(arguments: [
        (["--url", "ftp://x/metrics"], "ftp://x/metrics is not a URL sonora top can scrape"),
        (["--url", "localhost:9464"], "localhost:9464 is not a URL sonora top can scrape"),
        (["--interval", "0"], "--interval 0 is out of range"),
    ])
    func badOptionsExitTwoWithTheirName(_ arguments: [String], _ message: String) throws {
        let run = try CommandRunner.sonora(["top", "--once"] + arguments)
        #expect(run.status == 2)
        #expect(run.error.contains(message), "\(run.error)")
    }

    @Test func liveModeKeepsRetryingAnUnreachableTarget() throws {
        // Not a terminal: frames are printed one after another; the error shows and it does not exit.
        let run = try CommandRunner.sonora(["top", "--url", "http://127.0.0.1:1/metrics", "--interval", "100ms"], timeout: 5)
        #expect(run.timedOut)
        // Each attempt waits at most its 1 s timeout, so 5 s leave room for at least two error frames.
        #expect(run.output.components(separatedBy: "! cannot scrape http://127.0.0.1:1/metrics: connection refused").count >= 3, "\(run.output)")
    }
}
