import Synchronization

/// One counter series: a monotonically increasing integer behind an atomic, so an increment
/// costs one uncontended atomic add.
///
/// Get one from ``PerformanceMonitor/counter(_:labels:help:)`` and keep it to skip the name lookup.
public final class CounterSeries: Sendable {
    /// The series' labels.
    public let labels: MetricLabels
    let renderedLabels: String
    private let storage = Atomic<Int64>(0)

    init(labels: MetricLabels) {
        self.labels = labels
        self.renderedLabels = labels.description
    }

    /// Adds `amount`; a negative amount is ignored, since a counter only goes up.
    /// - Complexity: O(1), one relaxed atomic add.
    @inline(__always)
    public func increment(by amount: Int64 = 1) {
        guard amount > 0 else { return }
        storage.wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current value.
    public var value: Int64 { storage.load(ordering: .relaxed) }

    func reset() { storage.store(0, ordering: .relaxed) }
}

/// One gauge series: a `Double` that can go up and down, stored as its bit pattern in an atomic.
public final class GaugeSeries: Sendable {
    /// The series' labels.
    public let labels: MetricLabels
    let renderedLabels: String
    private let bits = Atomic<UInt64>(0.0.bitPattern)

    init(labels: MetricLabels) {
        self.labels = labels
        self.renderedLabels = labels.description
    }

    /// Sets the value.
    /// - Complexity: O(1), one atomic store.
    public func set(_ value: Double) { bits.store(value.bitPattern, ordering: .relaxed) }

    /// Adds `delta` (negative to subtract).
    /// - Complexity: O(1) expected, a compare-and-swap loop.
    public func add(_ delta: Double) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + delta).bitPattern
            let (exchanged, original) = bits.compareExchange(
                expected: current, desired: next, successOrdering: .relaxed, failureOrdering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// The current value.
    public var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }

    func reset() { set(0) }
}
