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
    /// Each fresh process's own summary, in the order run (`nil` in version 1 reports and for
    /// in-process runs); the pooled `metrics` concatenate their samples.
    public var processes: [ProcessRun]?
    /// Nanoseconds per operation the harness itself costs (an empty operation through the same
    /// loop), already subtracted from `wall` and `cpu`.
    public var harnessOverheadNanos: Double?
    /// Operations per batch of the exact pass that counts allocations, bytes and instructions;
    /// the same on every run of the benchmark, whatever the timing-derived batch size.
    public var exactOperations: Int?
    /// The benchmark this one is measured against (``Benchmark/baseline``); the run and
    /// ``BaselineRatio`` report their ratio.
    public var baseline: String?

    /// Whether a benchmark completed or failed.
    public struct Status: RawRepresentable, Hashable, Sendable, Codable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let ok = Status(rawValue: "ok")
        public static let failed = Status(rawValue: "failed")
        /// The benchmark's process ended by a signal or without a result (a trap, an abort).
        public static let crashed = Status(rawValue: "crashed")
        /// Every status this version writes.
        public static let known: [Status] = [.ok, .failed, .crashed]
    }

    /// The record of `metric`, if measured.
    public subscript(metric: Metric) -> MetricRecord? {
        metrics[metric.rawValue]
    }

    /// The distinct batch lengths its processes timed (one, since batch lengths are pinned).
    public var batchSizes: Set<Int> {
        guard let processes, !processes.isEmpty else { return [batchSize] }
        return Set(processes.map(\.batchSize))
    }
}
