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
