#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SonoraProfiler

/// `sonora record`: profiles a program that knows nothing of Sonora, through the preload
/// library, or fetches a profile from a running server's `/debug/pprof` endpoint.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Run a command under the profiler (no code change), or fetch a profile from /debug/pprof.",
        discussion: """
        Examples:
          sonora record -- .build/release/MyBot --port 8080
          sonora record --mode wall --frequency 200 -o bot.pb.gz -- ./MyBot
          sonora record --duration 30 -- ./MyBot          (profile the first 30 s only)
          sonora record --url http://127.0.0.1:9464 --seconds 10 -o cpu.pb.gz

        The command runs with LD_PRELOAD=libSonoraPreload.so (found next to this
        sonora binary, or named by SONORA_PRELOAD_LIBRARY). Its standard input,
        output and error are its own; signals sent to sonora are passed on, and
        sonora exits with the command's status (or dies of the same signal).
        The profile's path and the top functions go to standard error.
        Without -o the file is named COMMAND-YYYYmmdd-HHMMSS.sonoraprofile.
        Only the command's own process is profiled: programs it starts run
        unprofiled. A command that cannot be found exits 127, one that cannot
        be run 126, like a shell.
        """
    )

    @Option(help: "cpu (on-CPU time) or wall (every thread, running or not).")
    var mode: String = "cpu"

    @Option(help: "Samples per second per thread, 1...10000.")
    var frequency: Int = 100

    @Option(help: "Stop profiling after this many seconds; the command keeps running.")
    var duration: Double?

    @Option(name: [.short, .customLong("output")], help: "The profile file; its extension picks the format unless --format is given.")
    var output: String?

    @Option(help: "File format: \(ProfileFormat.all.map(\.rawValue).joined(separator: ", ")).")
    var format: ProfileFormat?

    @Option(help: "Show this many functions after recording; 0 for none.")
    var top: Int = 10

    @Option(help: "Fetch from a server's /debug/pprof endpoint instead of running a command (http://HOST:PORT).")
    var url: String?

    @Option(help: "With --url: how many seconds the server profiles.")
    var seconds: Int = 30

    @Argument(parsing: .postTerminator, help: "The command to run and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        guard mode == "cpu" || mode == "wall" else { throw ValidationError("--mode '\(mode)' is neither cpu nor wall") }
        guard (1...10_000).contains(frequency) else { throw ValidationError("--frequency \(frequency) is out of range; use 1...10000") }
        // The server enforces its own bound (a 400 names it); this one only keeps the client's
        // timeout arithmetic sane.
        if url != nil, !(0...86_400).contains(seconds) { throw ValidationError("--seconds \(seconds) must be a whole number of seconds from 0 to 86400") }
        if let duration, !(duration > 0 && duration.isFinite) { throw ValidationError("--duration \(duration) must be a positive number of seconds") }
        if url != nil {
            guard command.isEmpty else { throw ValidationError("give either --url or a command after --, not both") }
            if let format, format != .pprof { throw ValidationError("--url fetches pprof only; --format \(format) cannot be used with it") }
        } else if command.isEmpty {
            throw ValidationError("no command to record; give one after --, for example: sonora record -- ./MyBot")
        }
    }

    /// Runs on the main actor, which is the main thread that `Sonora.main` already runs on: a
    /// nonisolated `run` would hop to the cooperative pool, starting its first thread (and, on a
    /// busy machine, waiting for it to be scheduled) only to block that thread in `waitpid`.
    @MainActor
    func run() async throws {
        if let url {
            try await RecordFetch(url: url, seconds: seconds, mode: mode, output: output).run()
            return
        }
        let destination = output ?? Self.defaultName(for: command[0], format: format ?? .native)
        let fileFormat = format ?? ProfileFormat.all.first { destination.hasSuffix("." + $0.fileExtension) } ?? .native
        try Self.checkWritable(destination)
        let launcher = try RecordLauncher(mode: mode, frequency: frequency, duration: duration)
        let top = self.top
        let ending = try launcher.run(command) { profile in
            Self.report(profile, destination: destination, format: fileFormat, top: top)
        }
        launcher.cleanUp()
        ending.exit()
    }

    /// Refuses a profile destination that cannot be written before anything runs: the command's
    /// whole run would otherwise be profiled for nothing.
    /// - Throws: `ExitCode(2)` after a message naming the file.
    static func checkWritable(_ destination: String) throws {
        do {
            try AtomicFile.checkWritable(URL(fileURLWithPath: destination))
        } catch let error as ProfilerError {
            say("sonora: \(error.message); nothing was run")
            throw ExitCode(2)
        }
    }

    /// Writes the profile in the asked format and prints its path and top functions on stderr.
    /// A native destination gets the library's file as it is (no second encoding).
    private static func report(_ recorded: Result<RecordedProfile, RecordFailure>, destination: String, format: ProfileFormat, top: Int) {
        switch recorded {
        case .failure(let failure):
            say("sonora: no profile: \(failure.message)")
        case .success(let recorded):
            let profile = recorded.profile
            do {
                if format == .native {
                    try AtomicFile.write(recorded.nativeBytes, to: URL(fileURLWithPath: destination))
                } else {
                    try profile.write(to: URL(fileURLWithPath: destination), format: format)
                }
            } catch {
                say("sonora: could not write the profile to \(destination): \(error)")
                return
            }
            say("sonora: wrote \(format) profile to \(destination) (\(profile.sampleCount) samples)")
            if top > 0, profile.weightedSampleCount > 0 {
                say(profile.table(sortedBy: .selfTime, limit: top))
            }
        }
    }

    /// `COMMAND-YYYYmmdd-HHMMSS.EXT` in local time, in the current folder.
    ///
    /// Formatted with `strftime`, not `DateFormatter`, whose first use loads ICU's calendar data
    /// (milliseconds that `sonora record -- true` would otherwise add).
    static func defaultName(for command: String, format: ProfileFormat, at date: Date = Date()) -> String {
        let name = URL(fileURLWithPath: command).lastPathComponent
        let safe = String(name.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y%m%d-%H%M%S", &parts)
        let stamp = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(safe)-\(stamp).\(format.fileExtension)"
    }
}

/// One line (or block) on standard error.
func say(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Why `sonora record` has no profile to show.
struct RecordFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
