import SonoraMonitor
import Synchronization

/// Reads alert values from a ``SonoraMonitor/PerformanceMonitor``: one `stats()` and one
/// `systemStats()` snapshot per evaluation, shared by every rule.
///
/// Names and labels are the ones given to the monitor (`"track_load"`, `["guild": "42"]`), not the
/// exposed Prometheus names. Timing quantiles 0.5, 0.9, 0.99 and 0.999 are available (the ones the
/// monitor's summaries keep); any other quantile reads as missing.
public final class MonitorAlertSource: AlertMetricsSource {
    private let monitor: PerformanceMonitor
    private let snapshot = Mutex<(stats: MonitorStats, system: SystemStats?)?>(nil)

    public init(monitor: PerformanceMonitor = .shared) {
        self.monitor = monitor
    }

    public func prepare() {
        let stats = monitor.stats()
        let system = try? monitor.systemStats()
        snapshot.withLock { $0 = (stats, system) }
    }

    public func read(_ query: AlertQuery) -> Double? {
        guard let (stats, system) = snapshot.withLock({ $0 }) else { return nil }
        let key = { (name: String) in name + MetricLabels(query.labels.map { ($0.key, $0.value) }).description }
        switch query.kind {
        case .cpuPercent: return system?.cpuPercent
        case .memoryPercent: return system?.memoryPercent
        case .counterRate(let name, _): return stats.counters[key(name)].map(Double.init)
        case .gauge(let name): return stats.gauges[key(name)]
        case .timingQuantile(let name, let quantile):
            guard let timing = stats.timings[key(name)], timing.count > 0 else { return nil }
            switch quantile {
            case 0.5: return timing.p50
            case 0.9: return timing.p90
            case 0.99: return timing.p99
            case 0.999: return timing.p999
            default: return nil
            }
        }
    }
}
