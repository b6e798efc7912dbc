import Histogram
import Synchronization

/// One timing series: count, sum, min, max, fixed Prometheus buckets and an HdrHistogram for
/// quantiles, all behind one lock.
///
/// The histogram records microseconds from 1 µs to 100 s with two significant digits (1% error)
/// in 32-bit counts: about 10 KiB per series (see docs/monitor.md), where HdrHistogram's default of
/// three digits over nanoseconds to an hour costs about 225 KiB.
public final class TimingSeries: Sendable {
    /// The series' labels.
    public let labels: MetricLabels
    let renderedLabels: String
    /// Upper bounds of the Prometheus buckets, in seconds, ascending; `+Inf` is implied.
    let bucketBounds: [Double]
    /// `{<labels>,le="<bound>"}` for each bucket and `+Inf`, made once for rendering.
    let renderedBucketLabels: [String]
    private let state: Mutex<State>

    /// The largest value, in microseconds, the histogram tracks; larger ones count as this.
    static let highestTrackableMicroseconds: UInt64 = 100_000_000

    struct State: Sendable {
        var histogram: Histogram<UInt32>
        var count: UInt64 = 0
        var sum: Double = 0
        var min: Double = .infinity
        var max: Double = 0
        var buckets: [UInt64]
    }

    init(labels: MetricLabels, bucketBounds: [Double]) {
        self.labels = labels
        self.renderedLabels = labels.description
        self.bucketBounds = bucketBounds
        self.renderedBucketLabels = (bucketBounds.map { PrometheusText.format($0) } + ["+Inf"]).map {
            labels.rendered(extra: ("le", $0))
        }
        self.state = Mutex(State(histogram: Self.makeHistogram(), buckets: Array(repeating: 0, count: bucketBounds.count)))
    }

    static func makeHistogram() -> Histogram<UInt32> {
        Histogram<UInt32>(
            lowestDiscernibleValue: 1, highestTrackableValue: highestTrackableMicroseconds,
            numberOfSignificantValueDigits: .two)
    }

    /// The memory one series' histogram takes, in bytes.
    public static var histogramFootprintBytes: Int { makeHistogram().estimatedFootprintInBytes }

    /// Records one duration in seconds.
    /// - Throws: ``MonitorError`` `.invalidValue` for a negative, NaN or infinite value; nothing is recorded then.
    /// - Complexity: O(b) in the number of buckets, under one uncontended lock.
    public func record(seconds: Double) throws {
        guard seconds.isFinite, seconds >= 0 else {
            throw MonitorError(.invalidValue, "a timing must be a finite, non-negative number of seconds, not \(seconds)")
        }
        let micros = seconds * 1e6
        let clamped = micros >= Double(Self.highestTrackableMicroseconds) ? Self.highestTrackableMicroseconds : UInt64(micros)
        let bounds = bucketBounds
        state.withLock { state in
            _ = state.histogram.record(Swift.max(1, clamped))
            state.count += 1
            state.sum += seconds
            if seconds < state.min { state.min = seconds }
            if seconds > state.max { state.max = seconds }
            var index = 0
            while index < bounds.count && seconds > bounds[index] { index += 1 }
            if index < bounds.count { state.buckets[index] += 1 }
        }
    }

    /// A summary of everything recorded: count, sum, mean, min, max and quantiles.
    /// - Complexity: O(h) in the histogram's size, for the quantiles.
    public func summary() -> TimingSummary {
        state.withLock { state in
            guard state.count > 0 else { return TimingSummary() }
            func quantile(_ percentile: Double) -> Double { Self.value(atPercentile: percentile, of: state) }
            return TimingSummary(
                count: Int(state.count), sum: state.sum, mean: state.sum / Double(state.count), min: state.min,
                max: state.max, p50: quantile(50), p90: quantile(90), p99: quantile(99), p999: quantile(99.9))
        }
    }

    /// The `quantile` (0…1) of everything recorded, in seconds, clamped to the recorded minimum and
    /// maximum; `nil` when nothing was recorded or `quantile` is outside 0…1.
    /// - Complexity: O(h) in the histogram's size, but one quantile rather than a whole summary.
    public func quantile(_ quantile: Double) -> Double? {
        guard (0...1).contains(quantile) else { return nil }
        return state.withLock { state in
            state.count > 0 ? Self.value(atPercentile: quantile * 100, of: state) : nil
        }
    }

    /// The histogram's value at `percentile` (0…100) in seconds, within the recorded min and max.
    private static func value(atPercentile percentile: Double, of state: State) -> Double {
        let seconds = Double(state.histogram.valueAtPercentile(percentile)) / 1e6
        return Swift.min(Swift.max(seconds, state.min), state.max)
    }

    /// Count, sum and cumulative bucket counts, for exposition.
    func snapshot() -> (count: UInt64, sum: Double, cumulative: [UInt64]) {
        state.withLock { state in
            var running: UInt64 = 0
            var cumulative: [UInt64] = []
            cumulative.reserveCapacity(state.buckets.count + 1)
            for bucket in state.buckets {
                running += bucket
                cumulative.append(running)
            }
            cumulative.append(state.count)
            return (state.count, state.sum, cumulative)
        }
    }

    func reset() {
        state.withLock { state in
            state = State(histogram: Self.makeHistogram(), buckets: Array(repeating: 0, count: bucketBounds.count))
        }
    }
}

/// What ``TimingSeries/summary()`` reports, in seconds.
public struct TimingSummary: Sendable, Hashable, Codable {
    public var count = 0
    public var sum = 0.0
    public var mean = 0.0
    public var min = 0.0
    public var max = 0.0
    public var p50 = 0.0
    public var p90 = 0.0
    public var p99 = 0.0
    /// The 99.9th percentile.
    public var p999 = 0.0
}
