import Foundation

/// Runs a program the way a user would, with its output captured in files (not pipes: a pipe's write
/// end can leak into a child another test starts at the same moment, and then reading never ends).
public enum CommandRunner {
    /// What a finished program left.
    public struct Run: Sendable, CustomStringConvertible {
        public var status: Int32
        public var output: String
        public var error: String
        /// Whether the program was killed because it ran past its time limit.
        public var timedOut: Bool
        /// Whether the program died of a signal (a Swift trap is SIGILL or SIGTRAP).
        public var crashed: Bool

        public var description: String { "status \(status)\(crashed ? " (signal)" : "")\(timedOut ? " (timed out)" : ""); stderr: \(error)" }
    }

    /// The `sonora` executable `swift test` builds next to the test bundle, or `nil` outside `swift test`.
    /// `SONORA_CLI_UNDER_TEST` names another binary, for example an older build, to show which
    /// tests fail without a fix.
    public static let sonoraExecutable: URL? = {
        if let path = ProcessInfo.processInfo.environment["SONORA_CLI_UNDER_TEST"] { return URL(fileURLWithPath: path) }
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()].map({ $0.appendingPathComponent("sonora") }) {
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    /// Runs the built `sonora` with `arguments`.
    public static func sonora(
        _ arguments: [String], environment: [String: String]? = nil, stdin: URL? = nil, input: String? = nil,
        in workingDirectory: URL? = nil, timeout: Double = 120
    ) throws -> Run {
        guard let executable = sonoraExecutable else {
            throw Failure(description: "the sonora executable is not next to the test bundle; run the tests with swift test")
        }
        return try run(executable, arguments, environment: environment, stdin: stdin, input: input, in: workingDirectory, timeout: timeout)
    }

    /// Runs `executable` with `arguments`, killing it (SIGTERM, then SIGKILL) after `timeout` seconds.
    /// - Parameters:
    ///   - stdin: A file to connect to standard input; empty input when `nil` and `input` is `nil`.
    ///   - input: Text to give the program on standard input (through a file), instead of `stdin`.
    ///   - workingDirectory: The working directory; the current one when `nil`.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, stdin: URL? = nil,
        input: String? = nil, in workingDirectory: URL? = nil, timeout: Double = 120
    ) throws -> Run {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var stdin = stdin
        if let input {
            stdin = directory.appendingPathComponent("in")
            try Data(input.utf8).write(to: stdin!)
        }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = try stdin.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                Thread.sleep(forTimeInterval: 0.5)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        try? outHandle.close()
        try? errHandle.close()
        return Run(
            status: process.terminationStatus,
            output: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            error: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
            timedOut: timedOut, crashed: process.terminationReason == .uncaughtSignal)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }
}
