import ArgumentParser
import Foundation
import SonoraBench

/// The entry point of a package's own benchmark executable: one call turns a list of
/// ``Benchmark``s into the full command line of `sonora bench`.
///
/// ```swift
/// // Benchmarks/MyBotBenchmarks/main.swift
/// import SonoraBench
/// import SonoraBenchCLI
///
/// await SonoraBenchmarks.main([
///     Benchmark("parse.command") { blackHole(parse("!play never gonna give you up")) },
/// ])
/// ```
///
/// The executable then answers `run` (`--filter`, `--quick`, `--profile`, `--save`,
/// `--reports-directory`, `--processes`), `compare`, `ab` (an interleaved A/B run of two builds of
/// this executable), `list` and `--help`, and ends with the documented exit codes: 0 pass,
/// 1 regression, 2 usage error or corrupt report, 3 a benchmark crashed or threw, 4 missing or
/// incomparable baseline. Workers are this binary re-executed with the hidden `worker` subcommand.
public enum SonoraBenchmarks {
    /// Parses the command line, runs the command and exits the process with its exit code.
    ///
    /// - Parameters:
    ///   - benchmarks: Every benchmark of the executable, in run order. Two with the same name are
    ///     refused (exit 2) before anything runs.
    ///   - arguments: The arguments after the program name; defaults to the process's.
    ///   - commandName: The name help shows; defaults to the executable's file name.
    ///   - commandPath: The arguments that reach these commands when the binary re-executes itself,
    ///     for a binary that nests them under a subcommand (`sonora bench` passes `["bench"]`).
    ///   - extraSubcommands: More subcommands to offer beside the standard ones.
    /// - Returns: Never; the process exits.
    public static func main(
        _ benchmarks: [Benchmark], arguments: [String]? = nil, commandName: String? = nil, commandPath: [String] = [],
        extraSubcommands: [any ParsableCommand.Type] = []
    ) async -> Never {
        let name = commandName ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "benchmarks").lastPathComponent
        do {
            try checkUniqueNames(benchmarks)
        } catch {
            StandardError.write("error: \(error)\n")
            Foundation.exit(BenchExitCode.usage.rawValue)
        }
        BenchCatalog.install(BenchCatalog(
            benchmarks: benchmarks, commandName: name, commandPath: commandPath,
            extraSubcommands: CommandTypes(extraSubcommands)))
        let arguments = arguments ?? Array(CommandLine.arguments.dropFirst())
        do {
            var command = try BenchEntryCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            // Usage errors exit 2, not ArgumentParser's 64, so CI can tell them from a regression.
            if BenchEntryCommand.exitCode(for: error) == .validationFailure {
                StandardError.write(BenchEntryCommand.fullMessage(for: error) + "\n")
                Foundation.exit(BenchExitCode.usage.rawValue)
            }
            BenchEntryCommand.exit(withError: error)
        }
    }

    /// Refuses two benchmarks with the same name: reports and filters identify benchmarks by name.
    ///
    /// - Throws: ``BenchError`` `.invalidArgument` naming every duplicated name.
    static func checkUniqueNames(_ benchmarks: [Benchmark]) throws {
        var seen = Set<String>()
        var duplicates: [String] = []
        for benchmark in benchmarks where !seen.insert(benchmark.name).inserted {
            if !duplicates.contains(benchmark.name) { duplicates.append(benchmark.name) }
        }
        guard duplicates.isEmpty else {
            throw BenchError(
                .invalidArgument,
                "two benchmarks are named \(duplicates.map { "'\($0)'" }.joined(separator: ", ")); every benchmark needs its own name")
        }
    }
}
