import Foundation
import SonoraBench
import SonoraMonitor
import Synchronization

/// The monitor's speed goals: counter increments (alone and with the other core incrementing the
/// same counter), a timing record, the name-based call, and rendering 1,000 series for a scrape.
public enum MonitorSuite {
    /// Every monitor benchmark.
    public static var benchmarks: [Benchmark] {
        [
            Benchmark("monitor.counter.increment", tags: ["monitor"], setUp: { try PerformanceMonitor().counter("tracks_played") }) {
                counter in counterIncrement(counter)
            },
            Benchmark(
                "monitor.counter.increment.contended", tags: ["monitor"],
                setUp: { try ContendingThread(counter: PerformanceMonitor().counter("tracks_played")) },
                tearDown: { $0.stop() }
            ) { contention in contendedIncrement(contention.counter) },
            Benchmark("monitor.counter.increment.by-name", tags: ["monitor"], setUp: { PerformanceMonitor() }) {
                monitor in incrementByName(monitor)
            },
            Benchmark("monitor.gauge.set", tags: ["monitor"], setUp: { try PerformanceMonitor().gauge("active_guilds") }) {
                gauge in gaugeSet(gauge)
            },
            Benchmark(
                "monitor.timing.record", tags: ["monitor"],
                setUp: { (try PerformanceMonitor().timing("track_load"), SplitMix64(seed: 7)) }
            ) { state in try timingRecord(state.0, &state.1) },
            Benchmark("monitor.render.1k-counters", tags: ["monitor"], setUp: { try registry(counters: 1000, gauges: 0, timings: 0) }) {
                registry in render(registry)
            },
            Benchmark("monitor.render.1k-mixed", tags: ["monitor"], setUp: { try registry(counters: 500, gauges: 400, timings: 100) }) {
                registry in renderMixed(registry)
            },
        ]
    }

    @inline(never) static func counterIncrement(_ counter: CounterSeries) { counter.increment() }

    @inline(never) static func contendedIncrement(_ counter: CounterSeries) { counter.increment(by: 1) }

    @inline(never) static func incrementByName(_ monitor: PerformanceMonitor) { monitor.incrementCounter("user_commands") }

    @inline(never) static func gaugeSet(_ gauge: GaugeSeries) { gauge.set(150) }

    @inline(never) static func timingRecord(_ timing: TimingSeries, _ generator: inout SplitMix64) throws {
        // 1 ms to ~1 s, so records land in different histogram and Prometheus buckets.
        try timing.record(seconds: Double(generator.next() % 1_000_000 + 1_000) / 1e6)
    }

    @inline(never) static func render(_ registry: MetricRegistry) { blackHole(PrometheusText.render(registry)) }

    @inline(never) static func renderMixed(_ registry: MetricRegistry) { blackHole(PrometheusText.render(registry).utf8.count) }

    /// A registry with labelled series: per-guild counters and gauges, per-node timings.
    static func registry(counters: Int, gauges: Int, timings: Int) throws -> MetricRegistry {
        let registry = MetricRegistry()
        for index in 0..<counters {
            try registry.counter("tracks_played", labels: ["guild": "\(100_000 + index)", "node": "n\(index % 4)"]).increment(by: Int64(index))
        }
        for index in 0..<gauges {
            try registry.gauge("queued_tracks", labels: ["guild": "\(100_000 + index)"]).set(Double(index % 50))
        }
        for index in 0..<timings {
            let timing = try registry.timing("track_load", labels: ["node": "n\(index)"])
            for sample in 0..<20 { try timing.record(seconds: Double(sample + index) / 200) }
        }
        return registry
    }

    /// A thread on the other core incrementing the same counter until stopped.
    final class ContendingThread: Sendable {
        let counter: CounterSeries
        private let running = Atomic<Bool>(true)
        private let finished = Atomic<Bool>(false)

        init(counter: CounterSeries) {
            self.counter = counter
            let thread = Thread { [self] in
                while running.load(ordering: .relaxed) { counter.increment() }
                finished.store(true, ordering: .releasing)
            }
            thread.start()
            // Wait until the other thread is incrementing.
            let start = counter.value
            while counter.value == start { sched_yield() }
        }

        func stop() {
            running.store(false, ordering: .relaxed)
            while !finished.load(ordering: .acquiring) { sched_yield() }
        }
    }
}
