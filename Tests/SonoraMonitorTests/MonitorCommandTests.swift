import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraMonitor
@testable import SonoraMonitorServer

/// `sonora monitor demo`, spawned as users run it.
@Suite(.serialized) struct MonitorCommandTests {
    func sonora(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let binary = PrometheusServerTests.sonoraBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "sonora not built at \(binary.path)")
        let run = try CommandRunner.run(binary, arguments, timeout: 600)
        return (run.status, run.output, run.error)
    }

    @Test func theDemoPrintsItsURLRecordsTracksAndRedactsTheNodePassword() throws {
        let port = try PrometheusServerTests.freePort()
        let run = try sonora(["monitor", "demo", "--port", "\(port)", "--seconds", "2"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("Serving metrics at http://127.0.0.1:\(port)/metrics"))
        #expect(run.stdout.contains("tracks played: "))
        #expect(!run.stdout.contains("tracks played: 0\n"))
        #expect(run.stderr.contains("\"password\":\"[REDACTED]\""))
        #expect(!run.stderr.contains("youshallnotpass"))
        for line in run.stderr.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line)")
        }
    }

    @Test func aPortInUseIsAClearErrorNamingThePort() async throws {
        let server = MetricsServer(monitor: PerformanceMonitor(), configuration: .init(port: 0))
        let port = try #require(try await server.start().port)
        let run = try sonora(["monitor", "demo", "--port", "\(port)", "--seconds", "1"])
        await server.stop()
        #expect(run.status == 2)
        #expect(run.stderr.contains("port \(port) is already in use"))
    }

    @Test func aBadPortIsAUsageError() throws {
        let run = try sonora(["monitor", "demo", "--port", "70000"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--port"))
    }
}
