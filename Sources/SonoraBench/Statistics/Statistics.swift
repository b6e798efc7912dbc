#if canImport(Glibc)
import Glibc
#endif

/// The statistical tests and estimators behind summaries and comparisons.
public enum Statistics {
    /// The `q` quantile of sorted values, interpolating linearly between order statistics (type 7).
    ///
    /// - Parameters:
    ///   - sorted: Values in ascending order, not empty.
    ///   - q: A fraction in 0...1.
    /// - Returns: The quantile.
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of no values")
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The median of unsorted values.
    public static func median(_ values: [Double]) -> Double {
        quantile(values.sorted(), 0.5)
    }

    /// A 95% percentile-bootstrap confidence interval of the median.
    ///
    /// - Parameters:
    ///   - values: The samples.
    ///   - resamples: Number of bootstrap resamples.
    ///   - seed: The generator seed, so the interval is reproducible.
    /// - Returns: The 2.5% and 97.5% quantiles of the resampled medians.
    /// - Complexity: O(`resamples` × n log n).
    public static func bootstrapMedianCI(_ values: [Double], resamples: Int, seed: UInt64) -> (Double, Double) {
        guard values.count > 1, resamples > 0 else {
            let median = quantile(values.sorted(), 0.5)
            return (median, median)
        }
        var generator = SplitMix64(seed: seed)
        var medians: [Double] = []
        medians.reserveCapacity(resamples)
        var resample = [Double](repeating: 0, count: values.count)
        for _ in 0..<resamples {
            for i in resample.indices {
                resample[i] = values[Int.random(in: 0..<values.count, using: &generator)]
            }
            resample.sort()
            medians.append(quantile(resample, 0.5))
        }
        medians.sort()
        return (quantile(medians, 0.025), quantile(medians, 0.975))
    }

    /// The two-sided p-value of the Mann–Whitney U test that `a` and `b` come from one
    /// distribution, by the normal approximation with tie correction and continuity correction.
    ///
    /// - Returns: A p-value in 0...1; 1 when either side is empty or every value is tied.
    /// - Complexity: O((n + m) log(n + m)).
    public static func mannWhitneyP(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let m = Double(b.count)
        guard n > 0, m > 0 else { return 1 }
        let pooled = (a.map { ($0, 0) } + b.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var rankSumA = 0.0
        var tieTerm = 0.0
        var i = 0
        while i < pooled.count {
            var j = i
            while j + 1 < pooled.count && pooled[j + 1].0 == pooled[i].0 { j += 1 }
            let rank = Double(i + j) / 2 + 1
            let ties = Double(j - i + 1)
            tieTerm += ties * ties * ties - ties
            for k in i...j where pooled[k].1 == 0 { rankSumA += rank }
            i = j + 1
        }
        let u = rankSumA - n * (n + 1) / 2
        let mean = n * m / 2
        let total = n + m
        let variance = n * m / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
        guard variance > 0 else { return 1 }
        let z = (abs(u - mean) - 0.5) / variance.squareRoot()
        return Swift.min(1, erfc(Swift.max(z, 0) / 2.0.squareRoot()))
    }

    /// The Hodges–Lehmann estimate of the ratio `head / base` with its 95% confidence interval,
    /// from all pairwise log-ratios (the interval inverts the Mann–Whitney test).
    ///
    /// - Parameters:
    ///   - base: Positive samples of the baseline.
    ///   - head: Positive samples of the candidate.
    /// - Returns: The estimate and interval bounds as ratios; `nil` when a side is empty or has a
    ///   non-positive value.
    /// - Complexity: O(n m log(n m)).
    public static func hodgesLehmannRatio(base: [Double], head: [Double]) -> (estimate: Double, low: Double, high: Double)? {
        guard !base.isEmpty, !head.isEmpty, base.allSatisfy({ $0 > 0 }), head.allSatisfy({ $0 > 0 }) else { return nil }
        let logBase = base.map { log($0) }
        var differences: [Double] = []
        differences.reserveCapacity(base.count * head.count)
        for h in head {
            let logHead = log(h)
            for b in logBase { differences.append(logHead - b) }
        }
        differences.sort()
        let n = Double(base.count)
        let m = Double(head.count)
        let count = differences.count
        let spread = 1.959964 * (n * m * (n + m + 1) / 12).squareRoot()
        let k = Swift.max(0, Int((n * m / 2 - spread).rounded(.down)))
        let lowIndex = Swift.min(k, count - 1)
        let highIndex = Swift.max(count - 1 - k, lowIndex)
        return (exp(quantile(differences, 0.5)), exp(differences[lowIndex]), exp(differences[highIndex]))
    }

    /// Holm–Bonferroni adjusted p-values, in the input order.
    ///
    /// - Parameter pValues: Raw p-values of one family of tests.
    /// - Returns: Adjusted p-values; compare them with the family-wise level directly.
    public static func holmAdjusted(_ pValues: [Double]) -> [Double] {
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: pValues.count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            let value = Swift.min(1, Double(pValues.count - rank) * pValues[index])
            running = Swift.max(running, value)
            adjusted[index] = running
        }
        return adjusted
    }
}
