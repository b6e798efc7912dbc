import ArgumentParser
import Foundation
import SonoraBench

struct BenchRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the benchmarks and print a table.",
        discussion: """
            Each benchmark runs in --processes fresh processes (this binary re-executed), round by \
            round in random order, and the report keeps every process's summary, so compare can \
            test at the process level. A benchmark that traps is reported as crashed and the others \
            still run. Progress goes to stderr. The report is saved atomically to \
            <reports-directory>/<version or short SHA>[-<label>].json (-2, -3, ... when taken, never \
            overwritten), with each benchmark's profile and flame graph in the folder of the same \
            name; the run ends by printing their paths and the compare command against the previous \
            report. --no-save saves nothing. Exit 3 if a benchmark threw or crashed.
            """
    )

    @Option(help: "Run only benchmarks whose name matches this regular expression.")
    var filter: String?

    @Flag(inversion: .prefixedNo, help: "Save the report and the flame graphs in the reports directory (the default).")
    var save = true

    @Argument(help: "A label appended to the saved report's file name, for example 'baseline'.")
    var label: String?

    @Flag(inversion: .prefixedNo, help: "Profile each benchmark in a separate pass and embed its top functions.")
    var profile = true

    @Flag(help: "Short warmup and sampling, for CI and tests.")
    var quick = false

    @Flag(help: "List the benchmarks and exit (as the list subcommand does).")
    var list = false

    @Option(help: "Where reports are saved.")
    var reportsDirectory = "reports"

    @Option(
        name: .customLong("batch-sizes-from"),
        help: "A report whose batch lengths this run times, so the two compare the same amount of work per batch.")
    var batchSizesFrom: String?

    @Option(help: "Fresh processes per benchmark (0 runs everything in this process, the old way).")
    var processes = BenchRunCommand.defaultProcesses

    /// Three processes: enough for a between-process interval, cheap enough for CI.
    static let defaultProcesses = 3

    func validate() throws {
        if processes < 0 || processes > 100 {
            throw ValidationError("--processes \(processes) must be between 0 and 100")
        }
        if label != nil && !save {
            throw ValidationError("a label ('\(label!)') names a saved report; it is refused with --no-save")
        }
    }

    func run() async throws {
        let benchmarks: [Benchmark]
        let injection: SlowdownInjection?
        var batchSizes: [String: Int] = [:]
        do {
            benchmarks = try BenchSession.select(BenchCatalog.current.benchmarks, filter: filter)
            injection = try SlowdownInjection.from(environment: ProcessInfo.processInfo.environment)
            if let batchSizesFrom {
                batchSizes = try ReportStore.read(from: URL(fileURLWithPath: batchSizesFrom)).batchSizes
                let pinned = benchmarks.filter { batchSizes[$0.name] != nil }.count
                StandardError.write("timing \(pinned) of \(benchmarks.count) benchmark(s) in the batch lengths of \(batchSizesFrom)\n")
            }
        } catch {
            throw benchFailure(error)
        }
        if list {
            for benchmark in benchmarks { print(benchmark.name) }
            return
        }
        if save {
            do {
                try ReportStore.prepareDirectory(URL(fileURLWithPath: reportsDirectory))
            } catch {
                throw benchFailure(error)
            }
        }
        if let injection {
            StandardError.write("warning: \(SlowdownInjection.environmentVariable) slows \(injection.benchmarkName) by \(Int(injection.fraction * 100))% (test-only)\n")
        }
        let runner = BenchmarkRunner(configuration: quick ? .quick : .standard, profiling: profile, injection: injection)
        var session = BenchSession(
            runner: runner, settingsName: quick ? "quick" : "standard",
            repository: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), processes: max(processes, 1),
            launcher: processes == 0 ? nil : BenchWorkerCommand.launcher())
        session.batchSizes = batchSizes
        let (report, profiles) = await session.run(benchmarks) { event in
            switch event {
            case .started(let index, let total, let name, let eta):
                let remaining = eta.map { String(format: ", ETA %.0fs", $0) } ?? ""
                StandardError.write("[\(index)/\(total)] \(name)\(remaining)\n")
            case .finished(_, _, let result):
                if result.status != .ok { StandardError.write("  \(result.status.rawValue): \(result.failure ?? "")\n") }
            }
        }
        print(RunTableRenderer.render(report), terminator: "")
        if save && !list {
            do {
                let directory = URL(fileURLWithPath: reportsDirectory)
                let previous = ReportStore.previousReport(in: directory, sharing: report.benchmarks.map(\.name))
                let url = try BenchSession.save(report, profiles: profiles, in: directory, label: label)
                print(RunSummary.savedFiles(report: url, previous: previous, command: BenchCatalog.current.commandName))
            } catch {
                throw benchFailure(error)
            }
        }
        if report.benchmarks.contains(where: { $0.status != .ok }) {
            throw BenchExitCode.crashed.exitCode
        }
    }
}
