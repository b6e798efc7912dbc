import CoreMetrics

/// A swift-metrics backend that records into a ``PerformanceMonitor``, so every `Counter`,
/// `Gauge`, `Meter`, `Recorder` and `Timer` of any library shows up in `stats()` and on `/metrics`.
///
/// ```swift
/// MetricsSystem.bootstrap(SonoraMetricsFactory(monitor: .shared))
/// // or, keeping another backend:
/// MetricsSystem.bootstrap(MultiplexMetricsHandler(factories: [SonoraMetricsFactory(), other]))
/// ```
///
/// Mapping: `Counter` → counter; `FloatingPointCounter` → counter (swift-metrics' rounding
/// default); `Gauge`, `Meter` and `Recorder` → gauge holding the last value; `Timer` → timing in
/// seconds. Dimensions become labels. A label that conflicts with a family of another kind gets a
/// handler that drops its values and counts them in ``MonitorStats/rejectedUpdates``; it never crashes.
public struct SonoraMetricsFactory: MetricsFactory {
    public let monitor: PerformanceMonitor

    public init(monitor: PerformanceMonitor = .shared) {
        self.monitor = monitor
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let series = monitor.handle({ try $0.counter(label, labels: MetricLabels(dimensions)) }) else {
            return DroppingHandler(monitor: monitor)
        }
        return CounterAdapter(series: series)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        gaugeHandler(label, dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        gaugeHandler(label, dimensions)
    }

    /// Meters and recorders both set a gauge series.
    private func gaugeHandler(_ label: String, _ dimensions: [(String, String)]) -> any MeterHandler & RecorderHandler {
        guard let series = monitor.handle({ try $0.gauge(label, labels: MetricLabels(dimensions)) }) else {
            return DroppingHandler(monitor: monitor)
        }
        return GaugeAdapter(series: series)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let series = monitor.handle({ try $0.timing(label, labels: MetricLabels(dimensions)) }) else {
            return DroppingHandler(monitor: monitor)
        }
        return TimerAdapter(series: series, monitor: monitor)
    }

    /// Series stay in the registry after their handler is destroyed: a scrape after a metric
    /// object is released still shows its last value, as Prometheus expects of counters.
    public func destroyCounter(_ handler: any CounterHandler) {}
    public func destroyMeter(_ handler: any MeterHandler) {}
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    public func destroyTimer(_ handler: any TimerHandler) {}
}

final class CounterAdapter: CounterHandler {
    let series: CounterSeries
    init(series: CounterSeries) { self.series = series }
    func increment(by amount: Int64) { series.increment(by: amount) }
    func reset() { series.reset() }
}

final class GaugeAdapter: RecorderHandler, MeterHandler {
    let series: GaugeSeries
    init(series: GaugeSeries) { self.series = series }
    func record(_ value: Int64) { series.set(Double(value)) }
    func record(_ value: Double) { series.set(value) }
    func set(_ value: Int64) { series.set(Double(value)) }
    func set(_ value: Double) { series.set(value) }
    func increment(by amount: Double) { series.add(amount) }
    func decrement(by amount: Double) { series.add(-amount) }
}

final class TimerAdapter: TimerHandler {
    let series: TimingSeries
    let monitor: PerformanceMonitor
    init(series: TimingSeries, monitor: PerformanceMonitor) {
        self.series = series
        self.monitor = monitor
    }
    func recordNanoseconds(_ duration: Int64) {
        do { try series.record(seconds: Double(duration) / 1e9) } catch { monitor.noteRejected(error) }
    }
}

/// Stands in for a metric whose name conflicted: drops values and counts each one as rejected.
final class DroppingHandler: CounterHandler, RecorderHandler, MeterHandler, TimerHandler {
    let monitor: PerformanceMonitor
    init(monitor: PerformanceMonitor) { self.monitor = monitor }
    private func drop() { monitor.noteRejected(nil) }
    func increment(by: Int64) { drop() }
    func reset() {}
    func record(_ value: Int64) { drop() }
    func record(_ value: Double) { drop() }
    func set(_ value: Int64) { drop() }
    func set(_ value: Double) { drop() }
    func increment(by: Double) { drop() }
    func decrement(by: Double) { drop() }
    func recordNanoseconds(_ duration: Int64) { drop() }
}
