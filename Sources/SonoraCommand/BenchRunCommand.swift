import ArgumentParser
import Foundation
import SonoraBench
import SonoraSuites

struct BenchRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the built-in track-loading and queue suites and print a table.",
        discussion: """
            Progress goes to stderr. With --save, the report is written atomically to \
            reports/<version or short SHA>[-<label>].json. Exit 3 if a benchmark threw.
            """
    )

    @Option(help: "Run only benchmarks whose name matches this regular expression.")
    var filter: String?

    @Flag(help: "Save the report in the reports directory.")
    var save = false

    @Argument(help: "With --save: a label appended to the report's file name, for example 'baseline'.")
    var label: String?

    @Flag(inversion: .prefixedNo, help: "Profile each benchmark in a separate pass and embed its top functions.")
    var profile = true

    @Flag(help: "Short warmup and sampling, for CI and tests.")
    var quick = false

    @Flag(help: "List the benchmarks and exit.")
    var list = false

    @Option(help: "Where reports are saved.")
    var reportsDirectory = "reports"

    func validate() throws {
        if label != nil && !save {
            throw ValidationError("a label ('\(label!)') is only accepted after --save")
        }
    }

    func run() async throws {
        let benchmarks: [Benchmark]
        let injection: SlowdownInjection?
        do {
            benchmarks = try BenchSession.select(BuiltInSuites.all, filter: filter)
            injection = try SlowdownInjection.from(environment: ProcessInfo.processInfo.environment)
        } catch {
            throw benchFailure(error)
        }
        if list {
            for benchmark in benchmarks { print(benchmark.name) }
            return
        }
        if let injection {
            StandardError.write("warning: \(SlowdownInjection.environmentVariable) slows \(injection.benchmarkName) by \(Int(injection.fraction * 100))% (test-only)\n")
        }
        let runner = BenchmarkRunner(configuration: quick ? .quick : .standard, profiling: profile, injection: injection)
        let session = BenchSession(
            runner: runner, settingsName: quick ? "quick" : "standard",
            repository: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let (report, profiles) = await session.run(benchmarks) { event in
            switch event {
            case .started(let index, let total, let name, let eta):
                let remaining = eta.map { String(format: ", ETA %.0fs", $0) } ?? ""
                StandardError.write("[\(index)/\(total)] \(name)\(remaining)\n")
            case .finished(_, _, let result):
                if result.status == .failed { StandardError.write("  failed: \(result.failure ?? "")\n") }
            }
        }
        print(RunTableRenderer.render(report), terminator: "")
        if save {
            do {
                let url = try BenchSession.save(
                    report, profiles: profiles, in: URL(fileURLWithPath: reportsDirectory), label: label)
                StandardError.write("saved \(url.path)\n")
            } catch {
                throw benchFailure(error)
            }
        }
        if report.benchmarks.contains(where: { $0.status == .failed }) {
            throw BenchExitCode.crashed.exitCode
        }
    }
}
