import Foundation
import Testing
@testable import SonoraMonitor

@Suite struct PrometheusTextTests {
    func sample() throws -> PerformanceMonitor {
        let monitor = PerformanceMonitor()
        monitor.incrementCounter("tracks_played", by: 3, labels: ["node": "b", "guild": "2"], help: "Tracks played.")
        monitor.incrementCounter("tracks_played", labels: ["guild": "1", "node": "a"])
        monitor.setGauge("active_guilds", 150)
        monitor.setGauge("queued_tracks", 2, labels: ["guild": "say \"hi\"\\\n"])
        try monitor.recordTiming("track_load", seconds: 0.003)
        try monitor.recordTiming("track_load", seconds: 0.2)
        try monitor.recordTiming("track_load", seconds: 30)
        return monitor
    }

    @Test func familiesAreSortedNamedAndDescribed() throws {
        let text = PrometheusText.render(try sample().registry)
        let expected = """
            # HELP sonora_active_guilds Value of active_guilds, recorded by Sonora's PerformanceMonitor.
            # TYPE sonora_active_guilds gauge
            sonora_active_guilds 150
            # HELP sonora_queued_tracks Value of queued_tracks, recorded by Sonora's PerformanceMonitor.
            # TYPE sonora_queued_tracks gauge
            sonora_queued_tracks{guild="say \\"hi\\"\\\\\\n"} 2
            # HELP sonora_track_load_duration_seconds Duration of track_load, recorded by Sonora's PerformanceMonitor.
            # TYPE sonora_track_load_duration_seconds histogram
            sonora_track_load_duration_seconds_bucket{le="0.001"} 0
            sonora_track_load_duration_seconds_bucket{le="0.005"} 1
            sonora_track_load_duration_seconds_bucket{le="0.01"} 1
            sonora_track_load_duration_seconds_bucket{le="0.025"} 1
            sonora_track_load_duration_seconds_bucket{le="0.05"} 1
            sonora_track_load_duration_seconds_bucket{le="0.1"} 1
            sonora_track_load_duration_seconds_bucket{le="0.25"} 2
            sonora_track_load_duration_seconds_bucket{le="0.5"} 2
            sonora_track_load_duration_seconds_bucket{le="1"} 2
            sonora_track_load_duration_seconds_bucket{le="2.5"} 2
            sonora_track_load_duration_seconds_bucket{le="5"} 2
            sonora_track_load_duration_seconds_bucket{le="10"} 2
            sonora_track_load_duration_seconds_bucket{le="+Inf"} 3
            sonora_track_load_duration_seconds_sum 30.203
            sonora_track_load_duration_seconds_count 3
            # HELP sonora_tracks_played_total Tracks played.
            # TYPE sonora_tracks_played_total counter
            sonora_tracks_played_total{guild="1",node="a"} 1
            sonora_tracks_played_total{guild="2",node="b"} 3

            """
        #expect(text == expected)
    }

    @Test func twoRendersOfTheSameValuesAreIdentical() throws {
        let monitor = try sample()
        #expect(PrometheusText.render(monitor.registry) == PrometheusText.render(monitor.registry))
    }

    @Test func processMetricsUseTheStandardNames() {
        let names = Set(ProcessMetrics.collect().map(\.name))
        #expect(names == [
            "process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
            "process_open_fds", "process_max_fds", "process_start_time_seconds", "process_threads",
        ])
        let start = ProcessMetrics.collect().first { $0.name == "process_start_time_seconds" }!.value
        #expect(abs(start - Date().timeIntervalSince1970) < 24 * 3600)
    }

    @Test func specialValuesUsePrometheusSpelling() {
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(.nan) == "NaN")
        #expect(PrometheusText.format(2) == "2")
        #expect(PrometheusText.format(0.25) == "0.25")
    }

    @Test(.enabled(if: ExternalTools.available("promtool") || ExternalTools.inCI))
    func promtoolFindsNoProblemsInTheRenderedText() throws {
        let text = PrometheusText.render(try sample().registry, extra: ProcessMetrics.collect())
        let result = try ExternalTools.run("promtool", ["check", "metrics"], input: text)
        #expect(result.status == 0, "promtool: \(result.output)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool: \(result.output)")
    }
}
