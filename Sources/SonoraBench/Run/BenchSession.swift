import Foundation
import SonoraProfiler

/// Runs a set of benchmarks into one ``BenchReport``: what `sonora bench run` does.
public struct BenchSession: Sendable {
    /// Progress while a session runs, for a progress line on stderr.
    public enum Event: Sendable {
        /// Benchmark `index` (1-based) of `total` starts; `eta` estimates the seconds left for the run.
        case started(index: Int, total: Int, name: String, eta: Double?)
        /// A benchmark finished.
        case finished(index: Int, total: Int, result: BenchmarkResult)
    }

    public var runner: BenchmarkRunner
    /// `standard`, `quick` or a custom name, recorded in the report.
    public var settingsName: String
    /// The repository whose git state the report records.
    public var repository: URL

    /// Fresh processes per benchmark when ``launcher`` is set.
    public var processes: Int
    /// Starts the worker processes; `nil` runs every benchmark once in this process.
    public var launcher: WorkerLauncher?
    /// Operations per timed batch, by benchmark, for example a baseline report's
    /// (``BenchReport/batchSizes``), so this run times batches of the same length as the run it
    /// will be compared with. A benchmark not named here gets the length its first process chooses.
    public var batchSizes: [String: Int] = [:]

    /// Creates a session.
    /// - Parameters:
    ///   - runner: The runner's settings; with a launcher, each process gets its share of them.
    ///   - settingsName: `standard`, `quick` or a custom name.
    ///   - repository: The repository whose git state the report records.
    ///   - processes: Fresh processes per benchmark (with a launcher).
    ///   - launcher: Starts worker processes; `nil` runs in this process.
    public init(
        runner: BenchmarkRunner, settingsName: String, repository: URL, processes: Int = 1, launcher: WorkerLauncher? = nil
    ) {
        self.runner = runner
        self.settingsName = settingsName
        self.repository = repository
        self.processes = max(1, processes)
        self.launcher = launcher
    }

    /// The benchmarks whose names match `filter` (a regular expression, searched anywhere in the name).
    ///
    /// - Throws: ``BenchError`` `.invalidArgument` naming a malformed pattern or one that matches nothing.
    public static func select(_ benchmarks: [Benchmark], filter: String?) throws -> [Benchmark] {
        guard let filter, !filter.isEmpty else { return benchmarks }
        let pattern: Regex<AnyRegexOutput>
        do {
            pattern = try Regex(filter)
        } catch {
            throw BenchError(.invalidArgument, "--filter '\(filter)' is not a valid regular expression: \(error)")
        }
        let selected = benchmarks.filter { $0.name.contains(pattern) }
        guard !selected.isEmpty else {
            throw BenchError(
                .invalidArgument,
                "--filter '\(filter)' matches no benchmark; names are: \(benchmarks.map(\.name).joined(separator: ", "))")
        }
        return selected
    }

    /// Runs `benchmarks` in order.
    ///
    /// - Parameters:
    ///   - benchmarks: The benchmarks to run.
    ///   - progress: Receives an event before and after each benchmark.
    /// - Returns: The report and each benchmark's full profile, by name.
    public func run(_ benchmarks: [Benchmark], progress: @Sendable (Event) -> Void = { _ in }) async -> (BenchReport, [String: Profile]) {
        var (report, profiles) = await runSelected(benchmarks, progress: progress)
        let baselines = Dictionary(benchmarks.map { ($0.name, $0.baseline) }, uniquingKeysWith: { first, _ in first })
        for index in report.benchmarks.indices {
            report.benchmarks[index].baseline = baselines[report.benchmarks[index].name] ?? nil
        }
        return (report, profiles)
    }

    private func runSelected(_ benchmarks: [Benchmark], progress: @Sendable (Event) -> Void) async -> (BenchReport, [String: Profile]) {
        if let launcher {
            return await runInProcesses(benchmarks, launcher: launcher, progress: progress)
        }
        let loadAverage = SystemProbe.loadAverage()
        let start = Date()
        var results: [BenchmarkResult] = []
        var profiles: [String: Profile] = [:]
        var spent: [Double] = []
        for (offset, benchmark) in benchmarks.enumerated() {
            let remaining = Double(benchmarks.count - offset)
            let eta = spent.isEmpty ? nil : spent.reduce(0, +) / Double(spent.count) * remaining
            progress(.started(index: offset + 1, total: benchmarks.count, name: benchmark.name, eta: eta))
            let began = SystemClock.wallNanos()
            var runner = runner
            runner.configuration = runner.configuration.fixedBatchSize(batchSizes[benchmark.name])
            let outcome = await runner.run(benchmark)
            spent.append(Double(SystemClock.wallNanos() - began) / 1e9)
            results.append(outcome.result)
            profiles[benchmark.name] = outcome.profile
            progress(.finished(index: offset + 1, total: benchmarks.count, result: outcome.result))
        }
        let report = BenchReport(
            toolVersion: RunEnvironment.toolVersion, git: RunEnvironment.gitState(in: repository),
            swiftVersion: RunEnvironment.swiftVersion, buildConfiguration: RunEnvironment.buildConfiguration,
            machine: RunEnvironment.machine(), timestamp: start, settingsName: settingsName,
            settings: runner.configuration, loadAverageAtStart: loadAverage, benchmarks: results)
        return (report, profiles)
    }

    /// Saves `report` as `<directory>/<version>[-<label>].json`, atomically, with each benchmark's
    /// profile (native and SVG flame graph) in `<directory>/<version>[-<label>]/`. When that name
    /// is taken, `-2`, `-3`, … is appended: an earlier report is never overwritten.
    ///
    /// - Parameters:
    ///   - report: The report.
    ///   - profiles: Full profiles by benchmark name, as ``run(_:progress:)`` returns them.
    ///   - directory: Usually `reports/`.
    ///   - label: An optional suffix for the file name.
    /// - Returns: The report's URL.
    /// - Throws: ``BenchError`` `.io` naming the file.
    public static func save(
        _ report: BenchReport, profiles: [String: Profile] = [:], in directory: URL, label: String?
    ) throws -> URL {
        let url = try ReportStore.unusedURL(in: directory, git: report.git, label: label)
        var report = report
        // Profiles first, so a saved report never names files that are not there.
        try saveProfiles(profiles, for: &report, at: url)
        try ReportStore.write(report, to: url)
        return url
    }
}
