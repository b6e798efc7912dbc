import Foundation

/// Everything one `sonora bench run` measured, with where and how: the saved report format.
///
/// Saved as JSON by ``ReportStore``; `schemaVersion` guards readers against newer files.
public struct BenchReport: Sendable, Codable {
    /// The report format this build writes and the newest it reads.
    public static let currentSchemaVersion = 1

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

    public init(
        toolVersion: String, git: GitState, swiftVersion: String, buildConfiguration: String,
        machine: MachineFingerprint, timestamp: Date, settingsName: String, settings: BenchmarkConfiguration,
        loadAverageAtStart: Double?, benchmarks: [BenchmarkResult]
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
    }

    /// The result named `name`, if the report has one.
    public func result(named name: String) -> BenchmarkResult? {
        benchmarks.first { $0.name == name }
    }
}
