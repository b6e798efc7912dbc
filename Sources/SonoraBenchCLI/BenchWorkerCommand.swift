import ArgumentParser
import Foundation
import SonoraBench

/// The hidden child of process-level replication: `<binary> [bench] worker REQUEST` runs one
/// benchmark of the request in this fresh process and writes the response file.
struct BenchWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one benchmark for a parent `bench run` or `bench ab` (internal).",
        shouldDisplay: false
    )

    @Argument(help: "The request file the parent wrote.")
    var request: String

    func run() async throws {
        do {
            let injection = try SlowdownInjection.from(environment: ProcessInfo.processInfo.environment)
            try await BenchWorker.run(requestPath: request, benchmarks: BenchCatalog.current.benchmarks, injection: injection)
        } catch {
            throw benchFailure(error)
        }
    }

    /// Launches workers of this very binary.
    static func launcher(environment: [String: String] = ProcessInfo.processInfo.environment) -> WorkerLauncher {
        WorkerLauncher(executable: WorkerLauncher.currentExecutable, arguments: BenchCatalog.current.workerArguments, environment: environment)
    }
}
