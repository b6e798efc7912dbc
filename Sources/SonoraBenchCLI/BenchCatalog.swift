import ArgumentParser
import SonoraBench
import Synchronization

/// What the bench commands of this process work on: the benchmarks the executable declares, the
/// name it shows in help, and the arguments that reach the bench commands when the binary
/// re-executes itself (a worker, or `list` for an A/B run).
///
/// ``SonoraBenchmarks`` installs it once, before parsing; the commands read it.
struct BenchCatalog: Sendable {
    /// Every benchmark this executable declares, in run order, names unique.
    var benchmarks: [Benchmark] = []
    /// The name help shows, for example `MyBenchmarks` or `sonora bench`.
    var commandName = "benchmarks"
    /// Arguments before a bench subcommand: `[]` for a package's benchmark target, `["bench"]` for `sonora`.
    var commandPath: [String] = []
    /// More subcommands beside the standard ones (for `sonora bench init`).
    var extraSubcommands = CommandTypes([])

    private static let storage = Mutex(BenchCatalog())

    /// The installed catalog.
    static var current: BenchCatalog { storage.withLock { $0 } }

    /// Installs `catalog` for this process.
    static func install(_ catalog: BenchCatalog) {
        storage.withLock { $0 = catalog }
    }

    /// The arguments that start a worker of this binary (before the request path).
    var workerArguments: [String] { commandPath + ["worker"] }

    /// The arguments that make this binary (or another build of it) list its benchmarks.
    func listArguments(filter: String?) -> [String] {
        commandPath + ["run", "--list"] + (filter.map { ["--filter", $0] } ?? [])
    }
}

/// A list of command types, which the catalog keeps across threads.
///
/// `@unchecked Sendable` is safe: it holds metatypes only, immutable after creation, and a
/// metatype carries no mutable state.
struct CommandTypes: @unchecked Sendable {
    let types: [any ParsableCommand.Type]
    init(_ types: [any ParsableCommand.Type]) { self.types = types }
}
