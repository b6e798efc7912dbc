import Foundation

/// Everything one `sonora bench run` measured, with where and how: the saved report format.
///
/// Saved as JSON by ``ReportStore``; `schemaVersion` guards readers against newer files.
public struct BenchReport: Sendable, Codable {
    /// The report format this build writes and the newest it reads. Version 2 added per-process
    /// summaries (``BenchmarkResult/processes``), the interleaving of an A/B run, the harness cost
    /// and exact metrics over a fixed operation count; version 1 files are still read.
    public static let currentSchemaVersion = 2

    public var schemaVersion: Int
    /// The version of the tool that wrote the report.
    public var toolVersion: String
    public var git: GitState
    public var swiftVersion: String
    /// `debug` or `release`.
    public var buildConfiguration: String
    public var machine: MachineFingerprint
    public var timestamp: Date
    /// `standard` or `quick`, and the values behind it.
    public var settingsName: String
    public var settings: BenchmarkConfiguration
    /// The load average when the run started, for reading noisy results.
    public var loadAverageAtStart: Double?
    public var benchmarks: [BenchmarkResult]
    /// Fresh processes per benchmark (`nil` in version 1 reports: one, the runner's own).
    public var processesPerBenchmark: Int?
    /// Set when this report is one side of an interleaved A/B run.
    public var interleaving: Interleaving?

    /// The A/B run a report belongs to: reports with the same `sessionID` pair their processes by round.
    public struct Interleaving: Sendable, Codable, Hashable {
        /// Shared by the base and head reports of one `sonora bench ab` run.
        public var sessionID: String
        /// `base` or `head`.
        public var side: String
        /// Rounds run; each round ran every benchmark once on each side, in random order.
        public var rounds: Int
        /// The binary this side ran.
        public var executable: String
    }

    public init(
        toolVersion: String, git: GitState, swiftVersion: String, buildConfiguration: String,
        machine: MachineFingerprint, timestamp: Date, settingsName: String, settings: BenchmarkConfiguration,
        loadAverageAtStart: Double?, benchmarks: [BenchmarkResult], processesPerBenchmark: Int? = nil,
        interleaving: Interleaving? = nil
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.toolVersion = toolVersion
        self.git = git
        self.swiftVersion = swiftVersion
        self.buildConfiguration = buildConfiguration
        self.machine = machine
        self.timestamp = timestamp
        self.settingsName = settingsName
        self.settings = settings
        self.loadAverageAtStart = loadAverageAtStart
        self.benchmarks = benchmarks
        self.processesPerBenchmark = processesPerBenchmark
        self.interleaving = interleaving
    }

    /// The result named `name`, if the report has one.
    public func result(named name: String) -> BenchmarkResult? {
        benchmarks.first { $0.name == name }
    }

    /// The batch length each successful benchmark timed (its first process's), by name: what
    /// `bench run --batch-sizes-from` pins so a later run times the same lengths.
    public var batchSizes: [String: Int] {
        var sizes: [String: Int] = [:]
        for result in benchmarks where result.status == .ok {
            let size = result.processes?.first?.batchSize ?? result.batchSize
            if size > 0 { sizes[result.name] = size }
        }
        return sizes
    }
}
