import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts one fresh worker process per benchmark run: the parent side of process-level
/// replication, as JMH forks do.
///
/// The worker is `executable` followed by `arguments` and the request file's path, for example
/// `sonora bench worker /tmp/…/request.json`. A worker that traps or is killed is reported as a
/// crashed result naming the benchmark and the signal, and the parent goes on.
public struct WorkerLauncher: Sendable {
    /// The binary to start: this one (`/proc/self/exe`) or, in an A/B run, the base or head build.
    public var executable: URL
    /// Arguments before the request path.
    public var arguments: [String]
    /// The worker's environment.
    public var environment: [String: String]
    /// Seconds a worker may run before it is killed and reported as crashed (a hang).
    public var timeout: Double = 900

    /// Creates a launcher.
    /// - Parameters:
    ///   - executable: The binary.
    ///   - arguments: Arguments before the request path, for example `["bench", "worker"]`.
    ///   - environment: The worker's environment; defaults to this process's.
    public init(executable: URL, arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// This running binary, resolved through `/proc/self/exe`.
    public static var currentExecutable: URL {
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: resolved)
    }

    /// What one worker produced.
    public struct Outcome: Sendable {
        /// The worker's answer, or a crashed/failed result made up by the parent.
        public var response: WorkerResponse
        /// The profile file, when the worker wrote one.
        public var profileURL: URL?
    }

    /// Runs `benchmark` in a fresh process.
    ///
    /// - Parameters:
    ///   - benchmark: The exact benchmark name.
    ///   - configuration: That process's settings.
    ///   - profiling: Whether the worker runs the profiling pass.
    ///   - round: The round, recorded in the result.
    ///   - scratch: A folder for the request, response, stderr and profile files.
    /// - Returns: The outcome; never throws for a failing benchmark.
    /// - Throws: ``BenchError`` `.io` when the worker cannot be started at all.
    public func run(
        benchmark: String, configuration: BenchmarkConfiguration, profiling: Bool, round: Int, scratch: URL
    ) throws -> Outcome {
        let stem = "\(benchmark)-\(round)-\(UInt32.random(in: 0 ... .max))"
        let requestURL = scratch.appendingPathComponent(stem + ".request.json")
        let responseURL = scratch.appendingPathComponent(stem + ".response.json")
        let profileURL = scratch.appendingPathComponent(stem + ".sonoraprofile")
        let stderrURL = scratch.appendingPathComponent(stem + ".stderr")
        let request = WorkerRequest(
            benchmark: benchmark, configuration: configuration, profiling: profiling, round: round,
            responsePath: responseURL.path, profilePath: profiling ? profileURL.path : nil)
        do {
            try ReportStore.writeAtomically(try BenchJSON.encoder(pretty: false).encode(request), to: requestURL)
        } catch {
            throw BenchError(.io, "could not write the worker request \(requestURL.path)", cause: error)
        }
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + [requestURL.path]
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errorHandle = try? FileHandle(forWritingTo: stderrURL)
        process.standardError = errorHandle ?? FileHandle.nullDevice
        // Woken by the exit itself rather than by polling, so no worker costs a polling interval.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw BenchError(.io, "could not start the worker \(executable.path)", cause: error)
        }
        let timedOut = exited.wait(timeout: .now() + timeout) == .timedOut && process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? errorHandle?.close()
        let pid = process.processIdentifier
        if timedOut {
            return failed(benchmark, configuration, pid, round, .crashed, "crashed: the worker hung and was killed after \(Int(timeout)) s")
        }

        if process.terminationReason == .exit, process.terminationStatus == 0,
            let data = try? Data(contentsOf: responseURL)
        {
            do {
                let response = try BenchJSON.decoder().decode(WorkerResponse.self, from: data)
                guard response.protocolVersion == WorkerRequest.currentProtocolVersion else {
                    return failed(benchmark, configuration, pid, round, .failed,
                        "the worker \(executable.path) speaks protocol \(response.protocolVersion), not \(WorkerRequest.currentProtocolVersion)")
                }
                return Outcome(response: response, profileURL: response.profileWritten ? profileURL : nil)
            } catch {
                return failed(benchmark, configuration, pid, round, .failed, "the worker's response is unreadable: \(error)")
            }
        }
        let tail = Self.tail(of: stderrURL)
        let detail = tail.isEmpty ? "" : ": " + tail
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            return failed(benchmark, configuration, pid, round, .crashed,
                "crashed: the worker was terminated by signal \(signal) (\(Self.signalName(signal)))\(detail)")
        }
        if process.terminationStatus == 0 {
            return failed(benchmark, configuration, pid, round, .crashed, "crashed: the worker exited without a result\(detail)")
        }
        return failed(benchmark, configuration, pid, round, .failed,
            "the worker exited with status \(process.terminationStatus)\(detail)")
    }

    private func failed(
        _ name: String, _ configuration: BenchmarkConfiguration, _ pid: Int32, _ round: Int, _ status: BenchmarkResult.Status,
        _ message: String
    ) -> Outcome {
        let result = BenchmarkResult(
            name: name, tags: [], status: status, failure: message, scope: .thread, configuration: configuration,
            batchSize: 0, firstRunNanos: nil, timerOverheadNanos: 0, metrics: [:], peakRSSDeltaBytes: nil,
            peakRSSIsLocal: false, warnings: [], profile: nil, profileThreadID: nil, profileUnavailable: nil)
        var response = WorkerResponse(pid: pid, result: result, profileWritten: false)
        response.buildConfiguration = "unknown"
        return Outcome(response: response, profileURL: nil)
    }

    /// The last meaningful lines of a worker's stderr, for a crash message (`Fatal error: …`).
    static func tail(of url: URL) -> String {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let fatal = lines.first { $0.contains("Fatal error") || $0.hasPrefix("error:") }
        return String((fatal ?? lines.last ?? "").prefix(300))
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGILL: "SIGILL"
        case SIGTRAP: "SIGTRAP"
        case SIGABRT: "SIGABRT"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGKILL: "SIGKILL"
        case SIGSEGV: "SIGSEGV"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}
