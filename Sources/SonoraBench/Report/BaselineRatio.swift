import Foundation

/// A benchmark's ratio to its baseline in one run (``Benchmark/relative(to:)``), for example
/// profiled over unprofiled wall time: the profiler's overhead.
///
/// Both benchmarks run in every round of the run, in random order, each in a fresh process, so
/// the ratio is taken per round and drift of a shared machine hits both sides of a round.
public struct BaselineRatio: Sendable, Hashable {
    /// The benchmark.
    public var name: String
    /// Its baseline.
    public var baseline: String
    /// The metric compared.
    public var metric: Metric
    /// Geometric mean of the per-round ratios with its 95% paired-t interval; for a run in one
    /// process, the ratio of the medians with no interval (`low == high == estimate`).
    public var test: Statistics.RatioTest
    /// Rounds paired (0 for a run in one process).
    public var rounds: Int

    /// The ratios of every benchmark of `report` that names a baseline the report also holds.
    ///
    /// - Parameters:
    ///   - report: A run's report.
    ///   - metric: Usually wall time.
    /// - Returns: One ratio per such benchmark, in report order; none for a failed side.
    public static func all(in report: BenchReport, metric: Metric = .wall) -> [BaselineRatio] {
        report.benchmarks.compactMap { result in
            guard let name = result.baseline, let base = report.result(named: name), result.status == .ok, base.status == .ok else {
                return nil
            }
            if let pairs = ComparisonRow.roundPairs(base, result, metric), pairs.count >= 2,
                let test = Statistics.pairedLogRatio(pairs)
            {
                return BaselineRatio(name: result.name, baseline: name, metric: metric, test: test, rounds: pairs.count)
            }
            guard let head = result[metric]?.summary?.median, let low = base[metric]?.summary?.median, low > 0 else { return nil }
            let ratio = head / low
            return BaselineRatio(
                name: result.name, baseline: name, metric: metric,
                test: Statistics.RatioTest(estimate: ratio, low: ratio, high: ratio, p: 1), rounds: 0)
        }
    }

    /// One line: `a / b: ×1.012 [0.998, 1.027], wall, paired over 5 rounds`.
    public var line: String {
        let interval = rounds >= 2 ? String(format: " [%.3f, %.3f]", test.low, test.high) : ""
        let method = rounds >= 2 ? "paired over \(rounds) rounds" : "medians of one process each"
        return String(format: "%@ / %@: ×%.3f%@, %@, %@", name, baseline, test.estimate, interval, metric.rawValue, method)
    }
}
