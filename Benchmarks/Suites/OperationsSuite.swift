import SonoraBench
import SonoraMonitor
import SonoraOperations

/// The operations goal: one evaluation of 100 alert rules over a monitor holding 1,000 series.
public enum OperationsSuite {
    public static var benchmarks: [Benchmark] {
        [
            Benchmark("alerts.evaluate.100-rules.1k-series", tags: ["operations"], setUp: { try manager() }) {
                manager in await evaluate(manager)
            },
        ]
    }

    @inline(never) static func evaluate(_ manager: AlertManager) async {
        blackHole(await manager.evaluate().count)
    }

    /// 500 counters, 400 gauges and 100 timings (per guild and node), and 100 rules over them.
    static func manager() throws -> AlertManager {
        let monitor = PerformanceMonitor()
        for index in 0..<500 {
            monitor.incrementCounter("track_load_failures", by: Int64(index), labels: ["guild": "\(index)"])
        }
        for index in 0..<400 {
            monitor.setGauge("queued_tracks", Double(index), labels: ["guild": "\(index)"])
        }
        for index in 0..<100 {
            for sample in 0..<50 { try monitor.recordTiming("track_load", seconds: Double(sample) / 1000, labels: ["node": "n\(index)"]) }
        }
        var rules: [AlertRule] = []
        for index in 0..<100 {
            let query: AlertQuery = switch index % 4 {
            case 0: .counterRate("track_load_failures", labels: ["guild": "\(index)"])
            case 1: .gauge("queued_tracks", labels: ["guild": "\(index)"])
            case 2: .timingQuantile("track_load", 0.99, labels: ["node": "n\(index)"])
            default: .cpuPercent
            }
            rules.append(AlertRule(name: "rule-\(index)", query: query, .above, 1e9))
        }
        return try AlertManager(rules: rules, source: MonitorAlertSource(monitor: monitor), sinks: [])
    }
}
