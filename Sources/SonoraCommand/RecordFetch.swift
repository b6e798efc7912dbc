import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import SonoraProfiler

/// `sonora record --url`: asks a server's `/debug/pprof/profile` (or `/wall`) endpoint for a
/// profile and saves the gzipped pprof it answers.
struct RecordFetch {
    var url: String
    var seconds: Int
    var mode: String
    var output: String?

    /// The request URL: `BASE/debug/pprof/profile?seconds=N` (`/wall` in wall mode), or the
    /// given URL plus `seconds` when it already names a `/debug/pprof/` path.
    func requestURL() throws -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, scheme == "http" || scheme == "https", parsed.host != nil else {
            throw ProfileCommandSupport.fail("error: --url '\(url)' is not an http:// URL such as http://127.0.0.1:9464", ProfileExitCode.badInput)
        }
        if parsed.path.contains("/debug/pprof/") {
            return url + (url.contains("?") ? "&" : "?") + "seconds=\(seconds)"
        }
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        return "\(base)/debug/pprof/\(mode == "wall" ? "wall" : "profile")?seconds=\(seconds)"
    }

    func run() async throws {
        let request = try requestURL()
        let destination = output ?? "profile-\(RecordCommand.defaultName(for: "server", format: .pprof))"
        // Before the server spends --seconds profiling.
        do {
            try AtomicFile.checkWritable(URL(fileURLWithPath: destination))
        } catch let error as ProfilerError {
            throw ProfileCommandSupport.fail("error: \(error.message); nothing was fetched", ProfileExitCode.cannotWrite)
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let body: ByteBuffer
        let status: UInt
        do {
            let response = try await client.execute(HTTPClientRequest(url: request), timeout: .seconds(Int64(seconds) + 30))
            status = response.status.code
            body = try await response.body.collect(upTo: 256 * 1024 * 1024)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw ProfileCommandSupport.fail("error: cannot fetch \(request): \(error)", ExitCode(1))
        }
        guard status == 200 else {
            let text = String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ProfileCommandSupport.fail("error: \(request) answered \(status): \(text)", ExitCode(1))
        }
        let bytes = Data(body.readableBytesView)
        guard bytes.starts(with: [0x1f, 0x8b]) else {
            throw ProfileCommandSupport.fail("error: \(request) answered 200 but not with a gzipped pprof profile", ExitCode(1))
        }
        do {
            try AtomicFile.write(bytes, to: URL(fileURLWithPath: destination))
        } catch {
            throw ProfileCommandSupport.fail("error: \(error)", ProfileExitCode.cannotWrite)
        }
        say("sonora: wrote pprof profile to \(destination) (\(bytes.count) bytes); view it with: pprof -top \(destination)")
    }
}
