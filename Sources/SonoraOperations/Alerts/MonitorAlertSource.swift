import SonoraMonitor
import Synchronization

/// Reads alert values from a ``SonoraMonitor/PerformanceMonitor``.
///
/// Each read looks up only the series its rule names, without creating it, so an evaluation costs
/// O(rules), however many series the monitor holds. The process's system figures are read at most
/// once per evaluation, on the first rule that needs them.
///
/// Names and labels are the ones given to the monitor (`"track_load"`, `["guild": "42"]`), not the
/// exposed Prometheus names. Any timing quantile in 0…1 can be read.
public final class MonitorAlertSource: AlertMetricsSource {
    private let monitor: PerformanceMonitor
    /// This evaluation's system figures: `.none` until a rule asks, then the reading (or `nil` when
    /// `/proc` could not be read).
    private let system = Mutex<SystemStats??>(.none)

    public init(monitor: PerformanceMonitor = .shared) {
        self.monitor = monitor
    }

    public func prepare() {
        system.withLock { $0 = .none }
    }

    public func read(_ query: AlertQuery) -> Double? {
        let registry = monitor.registry
        let labels = MetricLabels(query.labels.map { ($0.key, $0.value) })
        switch query.kind {
        case .cpuPercent: return systemStats()?.cpuPercent
        case .memoryPercent: return systemStats()?.memoryPercent
        case .counterRate(let name, _): return registry.existingCounter(name, labels: labels).map { Double($0.value) }
        case .gauge(let name): return registry.existingGauge(name, labels: labels)?.value
        case .timingQuantile(let name, let quantile): return registry.existingTiming(name, labels: labels)?.quantile(quantile)
        }
    }

    private func systemStats() -> SystemStats? {
        system.withLock { cached in
            if case .some(let reading) = cached { return reading }
            let reading = try? monitor.systemStats()
            cached = .some(reading)
            return reading
        }
    }
}
