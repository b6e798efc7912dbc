#if canImport(Glibc)
import Glibc
#endif

/// Student's t distribution, for intervals over a handful of processes or rounds.
public enum StudentT {
    /// The two-sided p-value of `t` with `degrees` degrees of freedom: P(|T| ≥ |t|).
    ///
    /// - Complexity: O(1) (a continued fraction of at most 200 terms).
    public static func twoSidedP(_ t: Double, degrees: Double) -> Double {
        guard degrees > 0, t.isFinite else { return t.isNaN ? 1 : 0 }
        let x = degrees / (degrees + t * t)
        return Swift.min(1, Swift.max(0, regularizedBeta(x, degrees / 2, 0.5)))
    }

    /// The `1 - (1 - confidence) / 2` quantile: the half-width multiplier of a two-sided interval.
    ///
    /// - Parameters:
    ///   - confidence: For example 0.95.
    ///   - degrees: Degrees of freedom, above 0.
    public static func critical(confidence: Double, degrees: Double) -> Double {
        let target = 1 - confidence
        var low = 0.0
        var high = 1_000.0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if twoSidedP(middle, degrees: degrees) > target { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// The regularized incomplete beta function I_x(a, b) (Numerical Recipes' `betai`).
    static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x))
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...200 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-14 { break }
        }
        return h
    }
}

extension Statistics {
    /// A ratio estimate with its 95% interval and two-sided p-value.
    public struct RatioTest: Sendable, Hashable {
        public var estimate: Double
        public var low: Double
        public var high: Double
        public var p: Double
    }

    /// Welch's t test on the logs of per-process medians: the geometric-mean ratio `head / base`,
    /// its 95% interval and p-value, with between-process variance inside the interval.
    ///
    /// - Parameters:
    ///   - base: One positive value per base process, at least two.
    ///   - head: One positive value per head process, at least two.
    /// - Returns: `nil` when a side has fewer than two values or a non-positive one.
    public static func welchLogRatio(base: [Double], head: [Double]) -> RatioTest? {
        guard base.count >= 2, head.count >= 2, base.allSatisfy({ $0 > 0 }), head.allSatisfy({ $0 > 0 }) else { return nil }
        let a = base.map { log($0) }
        let b = head.map { log($0) }
        let (meanA, varA) = meanAndVariance(a)
        let (meanB, varB) = meanAndVariance(b)
        let termA = varA / Double(a.count)
        let termB = varB / Double(b.count)
        let difference = meanB - meanA
        let se = (termA + termB).squareRoot()
        guard se > 0 else {
            return RatioTest(estimate: exp(difference), low: exp(difference), high: exp(difference), p: difference == 0 ? 1 : 0)
        }
        // Welch–Satterthwaite degrees of freedom.
        let df = (termA + termB) * (termA + termB)
            / (termA * termA / Double(a.count - 1) + termB * termB / Double(b.count - 1))
        let t = critical(df)
        return RatioTest(
            estimate: exp(difference), low: exp(difference - t * se), high: exp(difference + t * se),
            p: StudentT.twoSidedP(difference / se, degrees: df))
    }

    /// The one-sample t test on paired log-ratios `log(head_i / base_i)`, one per A/B round: slow
    /// drift hits both sides of a round and cancels.
    ///
    /// - Parameter pairs: `(base, head)` positive values, one pair per round, at least two.
    /// - Returns: `nil` with fewer than two pairs or a non-positive value.
    public static func pairedLogRatio(_ pairs: [(base: Double, head: Double)]) -> RatioTest? {
        guard pairs.count >= 2, pairs.allSatisfy({ $0.base > 0 && $0.head > 0 }) else { return nil }
        let logs = pairs.map { log($0.head / $0.base) }
        let (mean, variance) = meanAndVariance(logs)
        let se = (variance / Double(logs.count)).squareRoot()
        guard se > 0 else { return RatioTest(estimate: exp(mean), low: exp(mean), high: exp(mean), p: mean == 0 ? 1 : 0) }
        let df = Double(logs.count - 1)
        let t = StudentT.critical(confidence: 0.95, degrees: df)
        return RatioTest(
            estimate: exp(mean), low: exp(mean - t * se), high: exp(mean + t * se), p: StudentT.twoSidedP(mean / se, degrees: df))
    }

    private static func critical(_ df: Double) -> Double {
        StudentT.critical(confidence: 0.95, degrees: df)
    }

    static func meanAndVariance(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, values.count > 1 ? squares / Double(values.count - 1) : 0)
    }
}
