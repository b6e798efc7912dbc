/// One series of a Prometheus histogram: its cumulative buckets, count and sum.
struct HistogramSeries: Sendable {
    /// `(upper bound, cumulative count)`, sorted by bound; the last bound is `+Inf` in a valid histogram.
    var buckets: [(bound: Double, count: Double)]
    var count: Double
    var sum: Double

    /// The series of `family`, keyed by their labels other than `le`.
    static func collect(_ family: MetricFamily) -> [[MetricLabel]: HistogramSeries] {
        var series: [[MetricLabel]: HistogramSeries] = [:]
        for sample in family.samples {
            let labels = sample.seriesLabels(excluding: ["le"])
            var entry = series[labels] ?? HistogramSeries(buckets: [], count: 0, sum: 0)
            switch sample.name {
            case family.name + "_bucket":
                if let bound = sample.label("le").flatMap({ ExpositionParser.parseValue($0[...]) }) {
                    entry.buckets.append((bound, sample.value))
                }
            case family.name + "_count": entry.count = sample.value
            case family.name + "_sum": entry.sum = sample.value
            default: break
            }
            series[labels] = entry
        }
        for key in series.keys { series[key]!.buckets.sort { $0.bound < $1.bound } }
        return series
    }

    /// This series less an `earlier` scrape of it: the observations made in between, or `nil` when
    /// the buckets differ (the exporter changed its layout).
    func subtracting(_ earlier: HistogramSeries) -> HistogramSeries? {
        guard earlier.buckets.map(\.bound) == buckets.map(\.bound) else { return nil }
        let delta = zip(buckets, earlier.buckets).map { (bound: $0.bound, count: $0.count - $1.count) }
        guard delta.allSatisfy({ $0.count >= 0 }) else { return nil }
        return HistogramSeries(buckets: delta, count: count - earlier.count, sum: sum - earlier.sum)
    }

    /// The `q` quantile by linear interpolation inside the bucket that holds it, as PromQL's
    /// `histogram_quantile` computes it; `nil` with no observations or no buckets.
    ///
    /// The lowest bucket interpolates from 0 (when its bound is positive); a quantile in the `+Inf`
    /// bucket returns the highest finite bound.
    func quantile(_ q: Double) -> Double? {
        guard let total = buckets.last?.count, total > 0, buckets.last?.bound == .infinity else { return nil }
        let rank = q * total
        var lowerBound = 0.0
        var lowerCount = 0.0
        for (index, bucket) in buckets.enumerated() {
            if bucket.count >= rank {
                if bucket.bound == .infinity { return index > 0 ? buckets[index - 1].bound : nil }
                if index == 0 && bucket.bound <= 0 { return bucket.bound }
                let inBucket = bucket.count - lowerCount
                guard inBucket > 0 else { return bucket.bound }
                return lowerBound + (bucket.bound - lowerBound) * (rank - lowerCount) / inBucket
            }
            lowerBound = bucket.bound
            lowerCount = bucket.count
        }
        return nil
    }
}
