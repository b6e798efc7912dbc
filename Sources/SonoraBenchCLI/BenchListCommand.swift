import ArgumentParser
import SonoraBench

/// `list`: prints the benchmark names, one a line, optionally filtered.
struct BenchListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the benchmarks, one name a line.")

    @Option(help: "List only benchmarks whose name matches this regular expression.")
    var filter: String?

    func run() throws {
        do {
            for benchmark in try BenchSession.select(BenchCatalog.current.benchmarks, filter: filter) {
                print(benchmark.name)
            }
        } catch {
            throw benchFailure(error)
        }
    }
}
