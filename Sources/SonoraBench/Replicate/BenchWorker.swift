import Foundation
import SonoraProfiler
#if canImport(Glibc)
import Glibc
#endif

/// The child side of process-level replication: runs one benchmark of a request in this fresh
/// process and writes the outcome for the parent. `sonora bench worker REQUEST` calls it; a
/// package's own benchmark executable can call it the same way.
public enum BenchWorker {
    /// Reads the request at `requestPath`, runs its benchmark from `benchmarks`, writes the response.
    ///
    /// - Parameters:
    ///   - requestPath: A ``WorkerRequest`` JSON file.
    ///   - benchmarks: Every benchmark this executable knows.
    ///   - injection: A test-only slowdown, read from this process's environment by the caller.
    /// - Throws: ``BenchError`` `.invalidArgument` for an unreadable request, another protocol
    ///   version or an unknown benchmark; `.io` when the response cannot be written.
    public static func run(requestPath: String, benchmarks: [Benchmark], injection: SlowdownInjection?) async throws {
        let request: WorkerRequest
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: requestPath))
            request = try BenchJSON.decoder().decode(WorkerRequest.self, from: data)
        } catch {
            throw BenchError(.invalidArgument, "worker request \(requestPath) is unreadable", cause: error)
        }
        guard request.protocolVersion == WorkerRequest.currentProtocolVersion else {
            throw BenchError(
                .invalidArgument,
                "worker request \(requestPath) speaks protocol \(request.protocolVersion); this binary speaks \(WorkerRequest.currentProtocolVersion)")
        }
        guard let benchmark = benchmarks.first(where: { $0.name == request.benchmark }) else {
            throw BenchError(.invalidArgument, "this binary has no benchmark named '\(request.benchmark)'")
        }
        let runner = BenchmarkRunner(configuration: request.configuration, profiling: request.profiling, injection: injection)
        var outcome = await runner.run(benchmark)
        var written = false
        if let profile = outcome.profile, let path = request.profilePath {
            do {
                try profile.write(to: URL(fileURLWithPath: path), format: .native)
                written = true
            } catch {
                outcome.result.profileUnavailable = "profile unavailable: the worker could not write it: \(error)"
                outcome.result.profile = nil
            }
        }
        let response = WorkerResponse(pid: getpid(), result: outcome.result, profileWritten: written)
        let data: Data
        do {
            data = try BenchJSON.encoder(pretty: false).encode(response)
        } catch {
            throw BenchError(.io, "could not encode the worker response", cause: error)
        }
        try ReportStore.writeAtomically(data, to: URL(fileURLWithPath: request.responsePath))
    }
}
