import ArgumentParser
import Foundation
import SonoraBench

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the benchmark suites and compare reports, with exit codes for CI.",
        discussion: """
            Exit codes: 0 pass; 1 a benchmark regressed; 2 usage error or corrupt report; \
            3 a benchmark crashed or threw; 4 missing or incomparable baseline.
            """,
        subcommands: [BenchRunCommand.self, BenchCompareCommand.self, BenchABCommand.self, BenchWorkerCommand.self]
    )
}

/// Writes to standard error, where progress and diagnostics go.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension BenchExitCode {
    /// The ArgumentParser exit code that ends the process with this code.
    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// Prints `error` to stderr and returns the exit code it maps to.
func benchFailure(_ error: any Error) -> ExitCode {
    StandardError.write("error: \(error)\n")
    return BenchExitCode(for: error).exitCode
}
