import CoreMetrics
import Metrics
import MetricsTestKit
import Testing
@testable import SonoraMonitor

@Suite struct MetricsBackendTests {
    @Test func swiftMetricsObjectsFlowIntoTheMonitor() throws {
        let monitor = PerformanceMonitor()
        let factory = SonoraMetricsFactory(monitor: monitor)
        Counter(label: "tracks_played", dimensions: [("guild", "7")], factory: factory).increment(by: 2)
        Gauge(label: "active_guilds", factory: factory).record(12)
        Meter(label: "queued_tracks", factory: factory).set(5)
        Recorder(label: "payload_bytes", factory: factory).record(2048)
        Timer(label: "track_load", dimensions: [("source", "search")], factory: factory).recordMilliseconds(250)
        let stats = monitor.stats()
        #expect(stats.counters["tracks_played{guild=\"7\"}"] == 2)
        #expect(stats.gauges["active_guilds"] == 12)
        #expect(stats.gauges["queued_tracks"] == 5)
        #expect(stats.gauges["payload_bytes"] == 2048)
        #expect(stats.timings["track_load{source=\"search\"}"]?.sum == 0.25)
        let text = PrometheusText.render(monitor.registry)
        #expect(text.contains("sonora_track_load_duration_seconds_count{source=\"search\"} 1"))
    }

    @Test func aConflictingSwiftMetricsLabelIsDroppedAndCountedNotCrashed() {
        let monitor = PerformanceMonitor()
        let factory = SonoraMetricsFactory(monitor: monitor)
        Counter(label: "queue", factory: factory).increment()
        Gauge(label: "queue_total", factory: factory).record(3)
        let stats = monitor.stats()
        #expect(stats.counters["queue"] == 1)
        #expect(stats.gauges["queue_total"] == nil)
        #expect(stats.rejectedUpdates >= 1)
    }

    @Test func multiplexingKeepsAnotherBackendWorking() throws {
        let monitor = PerformanceMonitor()
        let testMetrics = TestMetrics()
        let factory = MultiplexMetricsHandler(factories: [SonoraMetricsFactory(monitor: monitor), testMetrics])
        Counter(label: "tracks_played", factory: factory).increment(by: 3)
        Timer(label: "track_load", factory: factory).recordNanoseconds(5_000_000)
        #expect(monitor.stats().counters["tracks_played"] == 3)
        #expect(try testMetrics.expectCounter("tracks_played").values == [3])
        #expect(try testMetrics.expectTimer("track_load").values == [5_000_000])
        #expect(monitor.stats().timings["track_load"]?.sum == 0.005)
    }
}
