import Foundation
import SonoraTestSupport
import Testing

/// `/debug/pprof/profile` and `/debug/pprof/wall` on the monitor's server (`sonora monitor demo`,
/// spawned), `sonora record --url`, and Google's `pprof` reading what we write.
@Suite(.serialized) struct PprofEndpointTests {
    /// Starts `sonora monitor demo` on a free loopback port and returns it with its port.
    private func startDemo(in folder: URL) throws -> (ChildProcess, Int) {
        let demo = try ChildProcess(try Built.sonora, ["monitor", "demo", "--port", "0", "--seconds", "90"], in: folder)
        #expect(demo.waitUntil { demo.output.contains("/metrics") })
        let match = try #require(demo.output.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\/metrics/), "stdout: \(demo.output)")
        return (demo, Int(match.1)!)
    }

    @Test func badSecondsGet400NamingTheValue() throws {
        try withTemporaryDirectory { folder in
            let (demo, port) = try startDemo(in: folder)
            defer { demo.signal(SIGKILL); _ = demo.finish() }
            for (query, expected) in [("seconds=abc", "'abc' is not a whole number"), ("seconds=0", "seconds 0 is out of range"),
                                      ("seconds=100000", "seconds 100000 is out of range"), ("seconds=", "'' is not a whole number")] {
                let response = try HTTPGet.get(port: port, "/debug/pprof/profile?\(query)")
                #expect(response.status == 400, "\(query)")
                #expect(String(decoding: response.body, as: UTF8.self).contains(expected), "\(query)")
            }
            #expect(try HTTPGet.get(port: port, "/debug/pprof/wall?seconds=-1").status == 400)
        }
    }

    @Test func aConcurrentRequestGets409WhileOneProfileRunsAndRecordURLSavesGzippedPprof() throws {
        try withTemporaryDirectory { folder in
            let (demo, port) = try startDemo(in: folder)
            defer { demo.signal(SIGKILL); _ = demo.finish() }
            // A 4-second profile from this process; a loopback request is claimed within a moment.
            let first = FirstResponse()
            let thread = Thread { first.set(try? HTTPGet.get(port: port, "/debug/pprof/profile?seconds=4")) }
            thread.start()
            Thread.sleep(forTimeInterval: 1)
            let busy = try ChildProcess(try Built.sonora, ["record", "--url", "http://127.0.0.1:\(port)", "--mode", "wall", "--seconds", "1", "-o", "busy.pb.gz"], in: folder)
            #expect(busy.finish().status == 1)
            #expect(busy.error.contains("answered 409") && busy.error.contains("already being recorded"), "stderr: \(busy.error)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("busy.pb.gz").path))
            let response = try #require(first.wait(), "the first profile request failed")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/octet-stream")
            #expect(response.body.starts(with: [0x1f, 0x8b]))
            // Once it finished, the next request is served.
            let record = try ChildProcess(try Built.sonora, ["record", "--url", "http://127.0.0.1:\(port)", "--seconds", "1", "-o", "cpu.pb.gz"], in: folder)
            let end = record.finish()
            #expect(end.status == 0 && !end.signaled, "stderr: \(record.error)")
            #expect(record.error.contains("wrote pprof profile to cpu.pb.gz"))
            let bytes = try Data(contentsOf: folder.appendingPathComponent("cpu.pb.gz"))
            #expect(bytes.starts(with: [0x1f, 0x8b]))
        }
    }

    @Test func recordURLReportsAServerError() throws {
        try withTemporaryDirectory { folder in
            let (demo, port) = try startDemo(in: folder)
            defer { demo.signal(SIGKILL); _ = demo.finish() }
            let record = try ChildProcess(try Built.sonora, ["record", "--url", "http://127.0.0.1:\(port)", "--seconds", "0"], in: folder)
            #expect(record.finish().status == 1)
            #expect(record.error.contains("answered 400"), "stderr: \(record.error)")
            let bad = try ChildProcess(try Built.sonora, ["record", "--url", "ftp://x", "--seconds", "1"], in: folder)
            #expect(bad.finish().status == 2)
            #expect(bad.error.contains("--url 'ftp://x' is not an http:// URL"))
        }
    }

    // MARK: Google's pprof

    /// `PPROF`, `pprof` on PATH, or /usr/local/bin/pprof (where .ci/setup builds it).
    static let pprofPath: String? = {
        var candidates = [ProcessInfo.processInfo.environment["PPROF"], "/usr/local/bin/pprof"].compactMap { $0 }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") { candidates.append("\(folder)/pprof") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
    static let runsPprof = pprofPath != nil || ProcessInfo.processInfo.environment["CI"] != nil

    /// Runs `pprof ARGS` and returns its stdout; fails (in CI, where it must exist) without it.
    private func runPprof(_ arguments: [String], in folder: URL) throws -> String {
        let tool = try #require(Self.pprofPath, "Google's pprof is missing: .ci/setup builds it to /usr/local/bin/pprof")
        let run = try ChildProcess(tool, arguments, in: folder)
        let end = run.finish()
        #expect(end.status == 0, "pprof \(arguments.joined(separator: " ")) failed: \(run.error)")
        return run.output
    }

    @Test(.enabled(if: runsPprof, "Google's pprof is not installed (skipped outside CI; .ci/setup builds it)"))
    func pprofReadsTheProfileThePreloadLibraryWrote() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let path = folder.appendingPathComponent("probe.pb.gz").path
            let run = try ChildProcess(probe, ["exit"], environment: ["LD_PRELOAD": try Built.library, "SONORA_PROFILE": path], in: folder)
            #expect(run.finish().status == 3)
            let top = try runPprof(["-top", path], in: folder)
            #expect(top.contains("burn_cpu"), "pprof -top: \(top)")
            #expect(top.contains("Type: cpu"))
            let raw = try runPprof(["-raw", path], in: folder)
            #expect(raw.contains("thread:[probe-\(run.pid)]"), "labels survive: \(raw.prefix(2000))")
            #expect(raw.contains("thread_id:[\(run.pid)]"))
            #expect(raw.contains("burn_cpu"))
        }
    }

    @Test(.enabled(if: runsPprof, "Google's pprof is not installed (skipped outside CI; .ci/setup builds it)"))
    func pprofReadsTheEndpointsProfile() throws {
        try withTemporaryDirectory { folder in
            let (demo, port) = try startDemo(in: folder)
            defer { demo.signal(SIGKILL); _ = demo.finish() }
            for (path, type) in [("profile", "cpu"), ("wall", "wall")] {
                let response = try HTTPGet.get(port: port, "/debug/pprof/\(path)?seconds=2")
                #expect(response.status == 200)
                let file = folder.appendingPathComponent("\(path).pb.gz")
                try response.body.write(to: file)
                let top = try runPprof(["-top", file.path], in: folder)
                #expect(top.contains("Type: \(type)"), "pprof -top: \(top.prefix(1500))")
                let raw = try runPprof(["-raw", file.path], in: folder)
                #expect(raw.contains("thread_id:["))
                #expect(raw.contains("Samples:"))
            }
        }
    }
}

/// The response a background request got; the semaphore orders the write before the read.
private final class FirstResponse: @unchecked Sendable {
    private var response: HTTPGet.Response?
    private let done = DispatchSemaphore(value: 0)

    func set(_ response: HTTPGet.Response?) {
        self.response = response
        done.signal()
    }

    func wait() -> HTTPGet.Response? {
        done.wait()
        return response
    }
}
