import Foundation
import Testing

/// `sonora profiler-bench` refuses counts and durations that used to trap, spawning the built binary.
@Suite struct ProfilerBenchCommandTests {
    /// The `sonora` executable that `swift build --build-tests` puts next to the test bundle.
    static let executable: URL? = {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("sonora")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    /// Runs `sonora` with `arguments`; returns its exit status and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, error: String) {
        let executable = try #require(executable, "build the sonora executable first (swift build --build-tests)")
        let errors = Pipe()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let text = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: text, as: UTF8.self))
    }

    @Test(arguments: [
        (["--repetitions", "0"], "--repetitions"),
        (["--repetitions", "-3"], "--repetitions"),
        (["--seconds", "nan"], "--seconds"),
        (["--seconds", "inf"], "--seconds"),
        (["--seconds", "0"], "--seconds"),
        (["--attribution-seconds", "-1"], "--attribution-seconds"),
    ])
    func badCountsAndDurationsExitTwoNamingTheOption(arguments: [String], option: String) throws {
        let result = try Self.run(["profiler-bench", "--output", "/nonexistent/never-written.json"] + arguments)
        #expect(result.status == 2, "exit \(result.status): \(result.error)")
        #expect(result.error.contains(option), "\(result.error)")
    }
}
