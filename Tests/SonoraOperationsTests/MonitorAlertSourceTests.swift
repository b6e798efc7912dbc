import SonoraMonitor
import Synchronization
import Testing
@testable import SonoraOperations

@Suite struct MonitorAlertSourceTests {
    @Test func rulesReadCountersGaugesAndTimingsFromAPerformanceMonitor() async throws {
        let monitor = PerformanceMonitor()
        let clock = ManualClock()
        let sent = Mutex<[String]>([])
        let rules = AlertRule.defaults(errorCounter: "track_load_failures", responseTiming: "track_load").filter { $0.name != "HighCPU" && $0.name != "HighMemory" }
            + [AlertRule(name: "QueueTooLong", query: .gauge("queued_tracks", labels: ["guild": "42"]), .above, 500)]
        let manager = try AlertManager(
            rules: rules, source: MonitorAlertSource(monitor: monitor),
            sinks: [ClosureAlertSink { note in sent.withLock { $0.append("\(note.rule) \(note.state.rawValue)") } }], clock: clock)
        monitor.incrementCounter("track_load_failures", by: 0)
        monitor.setGauge("queued_tracks", 10, labels: ["guild": "42"])
        await manager.evaluate()
        #expect(sent.withLock { $0 }.isEmpty)
        for _ in 0..<8 {  // 12 failures a minute, a 900-track queue, 7 s loads (SlowResponses holds 60 s first)
            clock.advance(by: 10)
            monitor.incrementCounter("track_load_failures", by: 2)
            monitor.setGauge("queued_tracks", 900, labels: ["guild": "42"])
            try monitor.recordTiming("track_load", seconds: 7)
            await manager.evaluate()
        }
        #expect(Set(sent.withLock { $0 }) == ["HighErrorRate firing", "QueueTooLong firing", "SlowResponses firing"])
        #expect(MonitorAlertSource(monitor: monitor).read(.gauge("queued_tracks")) == nil)
    }

    @Test func readingASeriesThatDoesNotExistDoesNotCreateIt() throws {
        let monitor = PerformanceMonitor()
        let source = MonitorAlertSource(monitor: monitor)
        source.prepare()
        #expect(source.read(.counterRate("track_load_failures")) == nil)
        #expect(source.read(.gauge("queued_tracks", labels: ["guild": "1"])) == nil)
        #expect(source.read(.timingQuantile("track_load", 0.5)) == nil)
        let stats = monitor.stats()
        #expect(stats.counters.isEmpty && stats.gauges.isEmpty && stats.timings.isEmpty)
        #expect(PrometheusText.render(monitor.registry).isEmpty)
    }

    @Test func anyQuantileAndLabelledSeriesAreReadFromTheLiveSeries() throws {
        let monitor = PerformanceMonitor()
        let source = MonitorAlertSource(monitor: monitor)
        for milliseconds in 1...100 { try monitor.recordTiming("track_load", seconds: Double(milliseconds) / 1000, labels: ["node": "a"]) }
        monitor.incrementCounter("track_load_failures", by: 7, labels: ["guild-id": "9"])
        source.prepare()
        let p75 = try #require(source.read(.timingQuantile("track_load", 0.75, labels: ["node": "a"])))
        #expect(abs(p75 - 0.075) < 0.075 * 0.02)
        #expect(source.read(.timingQuantile("track_load", 0.75)) == nil)
        #expect(source.read(.counterRate("track_load_failures", labels: ["guild-id": "9"])) == 7)
        monitor.incrementCounter("track_load_failures", by: 1, labels: ["guild-id": "9"])
        #expect(source.read(.counterRate("track_load_failures", labels: ["guild-id": "9"])) == 8)
        #expect(source.read(.cpuPercent) != nil && source.read(.memoryPercent) != nil)
    }
}
