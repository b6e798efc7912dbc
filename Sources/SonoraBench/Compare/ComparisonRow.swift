/// One benchmark and metric in a comparison: the numbers and the verdict.
public struct ComparisonRow: Sendable, Codable {
    public var benchmark: String
    public var metric: Metric
    /// Median of the base samples.
    public var base: Double
    /// Median of the head samples.
    public var head: Double
    /// `head / base` of the medians (1 = unchanged).
    public var ratio: Double
    /// Hodges–Lehmann estimate of `head / base` and its 95% interval; `nil` for deterministic metrics.
    public var ratioEstimate: Double?
    public var ratioLow: Double?
    public var ratioHigh: Double?
    /// Mann–Whitney U two-sided p-value; `nil` for deterministic metrics.
    public var pValue: Double?
    /// The p-value after Holm's correction across benchmarks for this metric.
    public var adjustedPValue: Double?
    /// The relative change that counts.
    public var threshold: Double
    public var deterministic: Bool
    public var verdict: Verdict

    /// Measures one row; the verdict is set by ``decide(alpha:)`` once p-values are adjusted.
    static func measure(
        benchmark: String, metric: Metric, base: [Double], head: [Double], baseMedian: Double, headMedian: Double,
        threshold: Double
    ) -> ComparisonRow {
        let ratio: Double = baseMedian == 0 ? (headMedian == 0 ? 1 : .infinity) : headMedian / baseMedian
        var row = ComparisonRow(
            benchmark: benchmark, metric: metric, base: baseMedian, head: headMedian, ratio: ratio,
            ratioEstimate: nil, ratioLow: nil, ratioHigh: nil, pValue: nil, adjustedPValue: nil,
            threshold: threshold, deterministic: metric.isDeterministic, verdict: .inconclusive)
        guard !metric.isDeterministic else { return row }
        if let interval = Statistics.hodgesLehmannRatio(base: base, head: head) {
            row.ratioEstimate = interval.estimate
            row.ratioLow = interval.low
            row.ratioHigh = interval.high
        }
        row.pValue = Statistics.mannWhitneyP(base, head)
        return row
    }

    /// Sets the verdict.
    ///
    /// Deterministic metrics compare exactly: past the threshold is a change. Timed metrics regress
    /// only when the adjusted p-value is below `alpha` and the whole interval lies past the threshold.
    mutating func decide(alpha: Double) {
        let worse = metric.higherIsBetter ? 1 / (1 + threshold) : 1 + threshold
        let better = metric.higherIsBetter ? 1 + threshold : 1 - threshold
        func isWorse(_ value: Double) -> Bool { metric.higherIsBetter ? value < worse : value > worse }
        func isBetter(_ value: Double) -> Bool { metric.higherIsBetter ? value > better : value < better }
        if deterministic {
            verdict = isWorse(ratio) ? .regressed : isBetter(ratio) ? .improved : .unchanged
            return
        }
        guard let low = ratioLow, let high = ratioHigh else {
            verdict = .inconclusive
            return
        }
        let significant = (adjustedPValue ?? pValue ?? 1) < alpha
        let (nearer, farther) = metric.higherIsBetter ? (high, low) : (low, high)
        if significant && isWorse(nearer) {
            verdict = .regressed
        } else if significant && isBetter(farther) {
            verdict = .improved
        } else if !isWorse(farther) && !isBetter(nearer) {
            verdict = .unchanged
        } else {
            verdict = .inconclusive
        }
    }
}
