extension ComparisonRow {
    /// Measures one benchmark's metric in two results; the verdict is set by ``decide(alpha:)``
    /// once p-values are adjusted.
    ///
    /// - Parameters:
    ///   - paired: Whether both results come from one interleaved A/B run (pair by round).
    /// - Returns: The row, or `nil` when either side lacks the metric.
    static func measure(
        metric: Metric, base: BenchmarkResult, head: BenchmarkResult, paired: Bool, threshold: Double, floor: Double?
    ) -> ComparisonRow? {
        guard let before = base[metric], let after = head[metric], let baseSummary = before.summary,
            let headSummary = after.summary
        else { return nil }
        let baseValues = perProcess(base, metric) ?? [baseSummary.median]
        let headValues = perProcess(head, metric) ?? [headSummary.median]
        let baseValue = Statistics.median(baseValues)
        let headValue = Statistics.median(headValues)
        var row = ComparisonRow(
            benchmark: head.name, metric: metric, base: baseValue, head: headValue,
            ratio: baseValue == 0 ? nil : headValue / baseValue, ratioEstimate: nil, ratioLow: nil, ratioHigh: nil,
            pValue: nil, adjustedPValue: nil, threshold: threshold, floor: metric.isDeterministic ? floor : nil,
            deterministic: metric.isDeterministic, method: .exact, replicates: min(baseValues.count, headValues.count),
            context: context(base: base, head: head), verdict: .inconclusive)
        guard !metric.isDeterministic else { return row }
        if let lengths = batchLengths(base: base, head: head) { row.context.append(lengths) }

        let test: Statistics.RatioTest?
        if paired, let pairs = roundPairs(base, head, metric), pairs.count >= 2 {
            row.method = .pairedRounds
            row.replicates = pairs.count
            test = Statistics.pairedLogRatio(pairs)
        } else if baseValues.count >= 2, headValues.count >= 2 {
            row.method = .processes
            test = Statistics.welchLogRatio(base: baseValues, head: headValues)
        } else {
            row.method = .batches
            row.replicates = min(before.samples.count, after.samples.count)
            row.base = baseSummary.median
            row.head = headSummary.median
            test = Statistics.hodgesLehmannRatio(base: before.samples, head: after.samples).map {
                Statistics.RatioTest(
                    estimate: $0.estimate, low: $0.low, high: $0.high, p: Statistics.mannWhitneyP(before.samples, after.samples))
            }
        }
        if let test {
            row.ratio = test.estimate
            row.ratioEstimate = test.estimate
            row.ratioLow = test.low
            row.ratioHigh = test.high
            row.pValue = test.p
        }
        return row
    }

    /// One median per process, when the result kept them.
    static func perProcess(_ result: BenchmarkResult, _ metric: Metric) -> [Double]? {
        guard let processes = result.processes, !processes.isEmpty else { return nil }
        let values = processes.compactMap { $0[metric] }
        return values.count == processes.count ? values : nil
    }

    /// `(base, head)` per-process medians of the rounds both sides ran.
    static func roundPairs(_ base: BenchmarkResult, _ head: BenchmarkResult, _ metric: Metric) -> [(base: Double, head: Double)]? {
        guard let baseRuns = base.processes, let headRuns = head.processes else { return nil }
        var headByRound: [Int: Double] = [:]
        for run in headRuns { headByRound[run.round] = run[metric] }
        return baseRuns.compactMap { run in
            guard let b = run[metric], let h = headByRound[run.round] else { return nil }
            return (b, h)
        }
    }

    /// `batch 23 vs 89` when the two sides timed batches of different lengths: a cost that
    /// depends on the length (a setup left in cache, a drifting state) then differs between them
    /// for no reason in the code. Exact metrics use a fixed count and are not affected.
    static func batchLengths(base: BenchmarkResult, head: BenchmarkResult) -> String? {
        let (b, h) = (base.batchSizes, head.batchSizes)
        guard b != h else { return nil }
        func text(_ sizes: Set<Int>) -> String {
            let sorted = sizes.sorted()
            return sorted.count == 1 ? "\(sorted[0])" : "\(sorted.first!)–\(sorted.last!)"
        }
        return "batch \(text(b)) vs \(text(h))"
    }

    /// The noise warnings of both results, by kind: `noisy machine (base, head)`.
    static func context(base: BenchmarkResult, head: BenchmarkResult) -> [String] {
        let noise = ["noisy machine", "high variation", "runs too short"]
        func kinds(_ result: BenchmarkResult) -> Set<String> {
            Set(result.warnings.map { String($0.prefix { $0 != ":" }) }.filter(noise.contains))
        }
        let (b, h) = (kinds(base), kinds(head))
        return noise.compactMap { kind in
            switch (b.contains(kind), h.contains(kind)) {
            case (true, true): "\(kind) (base, head)"
            case (true, false): "\(kind) (base)"
            case (false, true): "\(kind) (head)"
            default: nil
            }
        }
    }
}
