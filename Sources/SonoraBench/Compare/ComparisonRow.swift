/// One benchmark and metric in a comparison: the numbers, how they were tested, and the verdict.
public struct ComparisonRow: Sendable, Codable {
    public var benchmark: String
    public var metric: Metric
    /// The base's typical value: the median of its per-process medians (or of its samples).
    public var base: Double
    /// The head's typical value, likewise.
    public var head: Double
    /// The change `head / base` the verdict rests on: for timed metrics the estimate its interval
    /// belongs to, for exact metrics the ratio of the values (`nil` when the base is 0).
    public var ratio: Double?
    /// The estimate of `head / base` and its 95% interval; `nil` for exact metrics.
    public var ratioEstimate: Double?
    public var ratioLow: Double?
    public var ratioHigh: Double?
    /// The two-sided p-value of the test named by `method`; `nil` for exact metrics.
    public var pValue: Double?
    /// The p-value after Holm's correction across every timed row of the comparison.
    public var adjustedPValue: Double?
    /// The relative change that counts.
    public var threshold: Double
    /// For exact metrics: absolute differences below this are ignored.
    public var floor: Double?
    public var deterministic: Bool
    /// How the interval was made: `paired rounds`, `processes` or `batches` (one process a side).
    public var method: Method
    /// Replicates the test used on each side (rounds, processes or batches).
    public var replicates: Int
    /// The noise warnings either report stored for this benchmark, as `kind (base, head)`.
    public var context: [String]
    public var verdict: Verdict

    /// The unit of replication behind a row's interval; an extensible set.
    public struct Method: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        /// Interleaved A/B rounds: a paired t interval of per-round log-ratios.
        public static let pairedRounds = Method(rawValue: "paired rounds")
        /// Separate runs with several processes each: Welch's t on per-process log-medians.
        public static let processes = Method(rawValue: "processes")
        /// One process a side: Mann–Whitney and Hodges–Lehmann over batches, which ignores
        /// between-process noise.
        public static let batches = Method(rawValue: "batches")
        /// Exact counts, no test.
        public static let exact = Method(rawValue: "exact")
    }

    /// Sets the verdict.
    ///
    /// Exact metrics: a difference below the floor is unchanged; a base of 0 with a head past the
    /// floor is `appeared`; otherwise the ratio against the threshold decides. Timed metrics
    /// regress when the adjusted p-value is below `alpha` and the estimate lies past the
    /// threshold; they are unchanged when the whole interval lies inside the threshold band.
    mutating func decide(alpha: Double) {
        let worse = metric.higherIsBetter ? 1 / (1 + threshold) : 1 + threshold
        let better = metric.higherIsBetter ? 1 + threshold : 1 - threshold
        func isWorse(_ value: Double) -> Bool { metric.higherIsBetter ? value < worse : value > worse }
        func isBetter(_ value: Double) -> Bool { metric.higherIsBetter ? value > better : value < better }
        if deterministic {
            if abs(head - base) < (floor ?? 0) || head == base {
                verdict = .unchanged
            } else if base == 0 {
                verdict = metric.higherIsBetter ? .improved : .appeared
            } else if let ratio {
                verdict = isWorse(ratio) ? .regressed : isBetter(ratio) ? .improved : .unchanged
            }
            return
        }
        guard let low = ratioLow, let high = ratioHigh, let estimate = ratioEstimate else {
            verdict = .inconclusive
            return
        }
        let significant = (adjustedPValue ?? pValue ?? 1) < alpha
        let (nearer, farther) = metric.higherIsBetter ? (high, low) : (low, high)
        if significant && isWorse(estimate) {
            verdict = .regressed
        } else if significant && isBetter(estimate) {
            verdict = .improved
        } else if !isWorse(farther) && !isBetter(nearer) {
            verdict = .unchanged
        } else {
            verdict = .inconclusive
        }
    }
}
