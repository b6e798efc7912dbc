/// Descriptive statistics of one metric's samples.
public struct Summary: Sendable, Codable, Hashable {
    public var count: Int
    public var mean: Double
    public var median: Double
    public var standardDeviation: Double
    /// Median absolute deviation from the median (unscaled).
    public var medianAbsoluteDeviation: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var min: Double
    public var max: Double
    /// The 95% bootstrap confidence interval of the median (percentile method, fixed seed).
    public var medianCILow: Double
    public var medianCIHigh: Double
    /// Samples beyond 1.5 IQR from the quartiles but within 3 IQR (Tukey's mild outliers).
    public var mildOutliers: Int
    /// Samples beyond 3 IQR from the quartiles (Tukey's severe outliers).
    public var severeOutliers: Int

    /// Coefficient of variation: standard deviation over mean, or 0 when the mean is 0.
    public var coefficientOfVariation: Double { mean == 0 ? 0 : standardDeviation / mean }

    /// Summarizes `samples`.
    ///
    /// - Parameters:
    ///   - samples: At least one value.
    ///   - resamples: Bootstrap resamples for the median's confidence interval.
    ///   - seed: Bootstrap seed; the same samples and seed give the same interval.
    /// - Complexity: O(`resamples` × n log n).
    public init(_ samples: [Double], resamples: Int = 1_000, seed: UInt64 = 0x5EED) {
        precondition(!samples.isEmpty, "a summary needs at least one sample")
        let sorted = samples.sorted()
        let n = sorted.count
        count = n
        let average = sorted.reduce(0, +) / Double(n)
        mean = average
        let squares = sorted.reduce(0) { $0 + ($1 - average) * ($1 - average) }
        standardDeviation = n > 1 ? (squares / Double(n - 1)).squareRoot() : 0
        let middle = Statistics.quantile(sorted, 0.5)
        median = middle
        medianAbsoluteDeviation = Statistics.quantile(sorted.map { abs($0 - middle) }.sorted(), 0.5)
        p50 = middle
        p90 = Statistics.quantile(sorted, 0.90)
        p99 = Statistics.quantile(sorted, 0.99)
        min = sorted[0]
        max = sorted[n - 1]
        (medianCILow, medianCIHigh) = Statistics.bootstrapMedianCI(sorted, resamples: resamples, seed: seed)
        let q1 = Statistics.quantile(sorted, 0.25)
        let q3 = Statistics.quantile(sorted, 0.75)
        let iqr = q3 - q1
        var mild = 0
        var severe = 0
        for value in sorted {
            if value < q1 - 3 * iqr || value > q3 + 3 * iqr {
                severe += 1
            } else if value < q1 - 1.5 * iqr || value > q3 + 1.5 * iqr {
                mild += 1
            }
        }
        mildOutliers = mild
        severeOutliers = severe
    }
}
