/// What one fresh process measured for one benchmark: the unit of replication.
///
/// Timings inside one process share its memory layout, its neighbours and its CPU frequency, so
/// its batches are not independent; `compare` tests the per-process medians (or, for an
/// interleaved A/B run, the per-round ratios) instead of the pooled batches.
public struct ProcessRun: Sendable, Codable, Hashable {
    /// The round this process belongs to (0-based): processes of round `r` of both sides of an
    /// interleaved A/B run are paired.
    public var round: Int
    /// The child's process id, for reading its logs.
    public var pid: Int32
    /// Operations per timed sample in this process.
    public var batchSize: Int
    /// Per-metric samples and median, by metric name.
    public var metrics: [String: ProcessMetric]
    /// The warnings this process raised (noisy machine, high variation, ...).
    public var warnings: [String]

    public init(round: Int, pid: Int32, batchSize: Int, metrics: [String: ProcessMetric], warnings: [String]) {
        self.round = round
        self.pid = pid
        self.batchSize = batchSize
        self.metrics = metrics
        self.warnings = warnings
    }

    /// The median of `metric` in this process, if measured.
    public subscript(metric: Metric) -> Double? {
        metrics[metric.rawValue]?.median
    }
}

/// One metric of one process: its samples (capped) and the median over all of them.
public struct ProcessMetric: Sendable, Codable, Hashable {
    /// Samples in the order taken, at most the configuration's cap.
    public var samples: [Double]
    /// Samples taken before capping.
    public var count: Int
    /// The median of all `count` samples; checked against `samples` when nothing was capped.
    public var median: Double

    public init(samples: [Double], count: Int, median: Double) {
        self.samples = samples
        self.count = count
        self.median = median
    }

    /// Summarizes a metric record of one process.
    init?(_ record: MetricRecord) {
        guard let summary = record.summary else { return nil }
        self.init(samples: record.samples, count: record.totalSamples, median: summary.median)
    }
}
