import Foundation
import NIOHTTP1
import SonoraProfiler
import Synchronization

/// `GET /debug/pprof/profile?seconds=N` (CPU) and `GET /debug/pprof/wall?seconds=N` (wall clock):
/// profiles this process for N seconds and answers gzipped pprof, the format Go's
/// `net/http/pprof` serves, so `pprof`, Parca and Pyroscope can scrape it.
///
/// One profile runs at a time in the process (the sampler is process-wide): a second request
/// gets 409. `seconds` defaults to 30 as in Go, and must be a whole number in 1...max.
enum PprofEndpoint {
    /// The paths served, and the mode each records.
    static let paths: [String: ProfilingMode] = ["/debug/pprof/profile": .cpu, "/debug/pprof/wall": .wall]
    static let defaultSeconds = 30
    static let contentType = "application/octet-stream"

    private static let busy = Atomic(false)

    /// What a request asks for, or the 400 that refuses it.
    enum Request: Equatable {
        case record(ProfilingMode, seconds: Int)
        case refuse(HTTPResponseStatus, String)
    }

    /// Reads `seconds` from the query string.
    /// - Parameters:
    ///   - mode: The mode the path records.
    ///   - query: The part of the URI after `?`, if any.
    ///   - maxSeconds: The largest `seconds` accepted.
    static func parse(mode: ProfilingMode, query: Substring?, maxSeconds: Int) -> Request {
        var seconds = defaultSeconds
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first == "seconds" else { continue }
            let value = parts.count > 1 ? String(parts[1]) : ""
            guard let number = Int(value) else {
                return .refuse(.badRequest, "seconds '\(value)' is not a whole number; use 1...\(maxSeconds)\n")
            }
            guard (1...maxSeconds).contains(number) else {
                return .refuse(.badRequest, "seconds \(number) is out of range; use 1...\(maxSeconds)\n")
            }
            seconds = number
        }
        guard seconds <= maxSeconds else {
            return .refuse(.badRequest, "the default of \(defaultSeconds) seconds is above this server's limit; ask for seconds=1...\(maxSeconds)\n")
        }
        return .record(mode, seconds: seconds)
    }

    /// Claims the process-wide slot; `false` when a profile is being recorded.
    static func claim() -> Bool {
        busy.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }

    /// Records for `seconds` and encodes gzipped pprof; releases the slot.
    /// - Returns: The body, or the status and message of the failure (409 when another session
    ///   runs in the process, for example one the preload library started).
    static func record(mode: ProfilingMode, seconds: Int, frequency: Int) async -> Result<Data, Failure> {
        defer { busy.store(false, ordering: .releasing) }
        let profiler = PerformanceProfiler(configuration: .init(mode: mode, frequency: frequency, resetPeakMemory: false))
        do {
            try profiler.start()
        } catch let error as ProfilerError where error.code == .alreadyRunning || error.code == .signalInUse {
            return .failure(Failure(status: .conflict, message: "another profiling session runs in this process: \(error.message)\n"))
        } catch {
            return .failure(Failure(status: .internalServerError, message: "cannot start profiling: \(error)\n"))
        }
        try? await Task.sleep(for: .seconds(seconds))
        do {
            let profile = try profiler.stop()
            return .success(try profile.encoded(as: .pprof))
        } catch {
            return .failure(Failure(status: .internalServerError, message: "cannot encode the profile: \(error)\n"))
        }
    }

    struct Failure: Error {
        var status: HTTPResponseStatus
        var message: String
    }
}
