import ArgumentParser
import SonoraBenchCLI
import SonoraSuites

/// `sonora bench`: the built-in suites through the same entry point a package's own benchmark
/// executable uses (``SonoraBenchmarks``), plus `init` to start such an executable.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the benchmark suites, compare reports and A/B two builds, with exit codes for CI.",
        discussion: """
            Subcommands: run, compare, ab, list, init (see `sonora bench --help`). Exit codes: 0 pass; \
            1 a benchmark regressed; 2 usage error or corrupt report; 3 a benchmark crashed or threw; \
            4 missing or incomparable baseline.
            """
    )

    /// Everything after `bench`, handed to the entry point unparsed.
    @Argument(parsing: .captureForPassthrough, help: "A subcommand and its arguments.")
    var arguments: [String] = []

    func run() async throws {
        await SonoraBenchmarks.main(
            BuiltInSuites.all, arguments: arguments, commandName: "sonora bench", commandPath: ["bench"],
            extraSubcommands: [BenchInitCommand.self])
    }
}
