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

/// The state of the source tree a report was measured on.
public struct GitState: Sendable, Codable, Hashable {
    /// Full commit SHA, or `nil` outside a repository.
    public var sha: String?
    /// Whether tracked files had uncommitted changes.
    public var dirty: Bool
    /// A tag pointing exactly at the commit, if any.
    public var tag: String?

    public init(sha: String?, dirty: Bool, tag: String?) {
        self.sha = sha
        self.dirty = dirty
        self.tag = tag
    }

    /// The tag if there is one, else the 7-character SHA, else `unversioned`: the report's name.
    public var versionName: String {
        if let tag { return tag }
        if let sha { return String(sha.prefix(7)) }
        return "unversioned"
    }
}

/// What makes two runs' timings comparable: the hardware, the kernel and the host.
public struct MachineFingerprint: Sendable, Codable, Hashable {
    public var cpuModel: String
    public var cores: Int
    public var memoryBytes: UInt64
    public var kernel: String
    /// FNV-1a hash of the host name, so reports do not leak it.
    public var hostnameHash: String

    public init(cpuModel: String, cores: Int, memoryBytes: UInt64, kernel: String, hostnameHash: String) {
        self.cpuModel = cpuModel
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.kernel = kernel
        self.hostnameHash = hostnameHash
    }

    /// The fields that differ from `other`, by name; empty when the machines match.
    public func differences(from other: MachineFingerprint) -> [String] {
        var fields: [String] = []
        if cpuModel != other.cpuModel { fields.append("CPU model (\(other.cpuModel) vs \(cpuModel))") }
        if cores != other.cores { fields.append("cores (\(other.cores) vs \(cores))") }
        // Memory is compared in whole GiB: the kernel's reported total moves by a few pages.
        if memoryBytes >> 30 != other.memoryBytes >> 30 { fields.append("memory") }
        if kernel != other.kernel { fields.append("kernel (\(other.kernel) vs \(kernel))") }
        if hostnameHash != other.hostnameHash { fields.append("host") }
        return fields
    }
}

/// One benchmark's outcome in a report.
public struct BenchmarkResult: Sendable, Codable {
    public var name: String
    public var tags: [String]
    /// Whether the benchmark completed; a failed one has no metrics.
    public var status: Status
    /// The error a failed benchmark threw.
    public var failure: String?
    public var scope: MeasurementScope
    /// The settings it ran with, after its own batch cap.
    public var configuration: BenchmarkConfiguration
    /// Operations per timed sample.
    public var batchSize: Int
    /// Nanoseconds the first single operation took, before warmup.
    public var firstRunNanos: Double?
    /// Median cost of reading the wall clock twice, subtracted from every batch.
    public var timerOverheadNanos: Double
    /// Metrics by name.
    public var metrics: [String: MetricRecord]
    /// Peak RSS growth over the sampling, from VmHWM after a `clear_refs` reset.
    public var peakRSSDeltaBytes: Int64?
    /// Whether VmHWM could be reset, so the peak is this benchmark's own.
    public var peakRSSIsLocal: Bool
    public var warnings: [String]
    public var profile: ProfileSummary?
    /// Why no profile was taken, for example `profile unavailable: the sampler is not built yet`.
    public var profileUnavailable: String?

    /// Whether a benchmark completed or failed.
    public struct Status: RawRepresentable, Hashable, Sendable, Codable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let ok = Status(rawValue: "ok")
        public static let failed = Status(rawValue: "failed")
    }

    /// The record of `metric`, if measured.
    public subscript(metric: Metric) -> MetricRecord? {
        metrics[metric.rawValue]
    }
}

/// One metric of one benchmark: raw samples (capped), their summary, or why it is unavailable.
public struct MetricRecord: Sendable, Codable {
    public var unit: String
    /// Samples in the order they were taken, at most the configuration's cap.
    public var samples: [Double]
    /// Samples taken before capping.
    public var totalSamples: Int
    public var summary: Summary?
    /// Why the metric could not be measured; then `samples` is empty. Never reported as zero.
    public var unavailable: String?

    /// Records `samples`, keeping at most `cap` of them, summarized over all of them.
    ///
    /// - Parameters:
    ///   - unit: The unit shown next to values.
    ///   - samples: Every sample, in order.
    ///   - cap: The most samples kept in the report.
    ///   - resamples: Bootstrap resamples for the median's interval; 0 skips the bootstrap.
    public init(unit: String, samples: [Double], cap: Int, resamples: Int = 1_000) {
        self.unit = unit
        self.totalSamples = samples.count
        self.samples = Self.capped(samples, cap)
        self.summary = samples.isEmpty ? nil : Summary(samples, resamples: resamples)
        self.unavailable = nil
    }

    /// Records a metric that could not be measured, and why.
    public init(unit: String, unavailable: String) {
        self.unit = unit
        self.samples = []
        self.totalSamples = 0
        self.summary = nil
        self.unavailable = unavailable
    }

    /// Keeps an evenly spaced subset of at most `cap` samples.
    static func capped(_ samples: [Double], _ cap: Int) -> [Double] {
        guard samples.count > cap, cap > 0 else { return samples }
        return (0..<cap).map { samples[$0 * samples.count / cap] }
    }
}
