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
    /// The thread whose samples the profile summary counts, for synchronous benchmarks.
    public var profileThreadID: Int32?
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
