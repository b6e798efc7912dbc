import ArgumentParser
import Foundation
import SonoraBench

/// The root of a benchmark executable's command line: `run`, `compare`, `ab`, `list` and the
/// hidden `worker`. ``SonoraBenchmarks/main(_:arguments:commandName:commandPath:extraSubcommands:)``
/// parses with it; `sonora bench` is the same command with the built-in suites.
struct BenchEntryCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        let catalog = BenchCatalog.current
        return CommandConfiguration(
            commandName: catalog.commandName,
            abstract: "Run benchmarks, compare reports and A/B two builds, with exit codes for CI.",
            discussion: """
                Exit codes: 0 pass; 1 a benchmark regressed; 2 usage error or corrupt report; \
                3 a benchmark crashed or threw; 4 missing or incomparable baseline.
                """,
            subcommands: [BenchRunCommand.self, BenchCompareCommand.self, BenchABCommand.self, BenchListCommand.self,
                          BenchWorkerCommand.self] + catalog.extraSubcommands.types
        )
    }
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

/// Runs a comparing command's `body` and ends with the exit code its comparison calls for.
///
/// - Parameter body: Compares two reports, prints the comparison and returns it.
/// - Throws: The comparison's `ExitCode` when it is not a pass, an `ExitCode` `body` threw as it is,
///   and any other error printed to stderr and mapped by ``benchFailure(_:)``.
func exitingWithComparison(_ body: () async throws -> Comparison) async throws {
    do {
        let code = try await body().exitCode
        if code != .pass { throw code.exitCode }
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw benchFailure(error)
    }
}
