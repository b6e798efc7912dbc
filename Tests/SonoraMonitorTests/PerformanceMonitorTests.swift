import Foundation
import Synchronization
import Testing
@testable import SonoraMonitor

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    let now = Mutex(1000.0)
    var clock: MonitorClock { MonitorClock { [self] in now.withLock { $0 } } }
    func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
}

@Suite struct PerformanceMonitorTests {
    @Test func theSeedsCallsRecordCountersGaugesAndTimings() throws {
        let time = ManualClock()
        let monitor = PerformanceMonitor(clock: time.clock)
        monitor.incrementCounter("tracks_played")
        monitor.incrementCounter("user_commands", by: 5)
        monitor.incrementCounter("user_commands")
        try monitor.recordTiming("track_load", seconds: 0.2)
        try monitor.recordTiming("track_load", .milliseconds(400))
        monitor.setGauge("active_guilds", 150)
        time.advance(12)
        let stats = monitor.stats()
        #expect(stats.uptime == 12)
        #expect(stats["uptime"] == 12)
        #expect(stats.counters == ["tracks_played": 1, "user_commands": 6])
        #expect(stats.gauges == ["active_guilds": 150])
        let load = try #require(stats.timings["track_load"])
        #expect(load.count == 2)
        #expect(abs(load.sum - 0.6) < 1e-12)
        #expect(abs(load.mean - 0.3) < 1e-12)
        #expect(load.min == 0.2)
        #expect(load.max == 0.4)
        #expect(abs(try #require(stats["track_load_duration_avg"]) - 0.3) < 1e-12)
        #expect(stats.durationAverages.keys.sorted() == ["track_load_duration_avg"])
    }

    @Test func quantilesComeFromTheHistogramWithinOnePercent() throws {
        let monitor = PerformanceMonitor()
        for millisecond in 1...1000 { try monitor.recordTiming("op", seconds: Double(millisecond) / 1000) }
        let summary = try #require(monitor.stats().timings["op"])
        #expect(abs(summary.p50 - 0.5) / 0.5 < 0.01)
        #expect(abs(summary.p90 - 0.9) / 0.9 < 0.01)
        #expect(abs(summary.p99 - 0.99) / 0.99 < 0.01)
        #expect(abs(summary.p999 - 0.999) / 0.999 < 0.01)
        #expect(summary.max == 1.0)
    }

    @Test func labelsMakeSeparateSeriesWhateverTheirOrder() throws {
        let monitor = PerformanceMonitor()
        monitor.incrementCounter("tracks_played", labels: ["guild": "1", "node": "a"])
        monitor.incrementCounter("tracks_played", labels: ["node": "a", "guild": "1"])
        monitor.incrementCounter("tracks_played", labels: ["guild": "2", "node": "a"])
        let counters = monitor.stats().counters
        #expect(counters["tracks_played{guild=\"1\",node=\"a\"}"] == 2)
        #expect(counters["tracks_played{guild=\"2\",node=\"a\"}"] == 1)
        #expect(counters.count == 2)
    }

    @Test func negativeNaNAndInfiniteTimingsAreRefusedAndLeaveTheHistogramIntact() throws {
        let monitor = PerformanceMonitor()
        try monitor.recordTiming("op", seconds: 0.5)
        for bad in [-1.0, .nan, .infinity, -.infinity] {
            let error = try #require(throws: MonitorError.self) { try monitor.recordTiming("op", seconds: bad) }
            #expect(error.code == .invalidValue)
        }
        let summary = try #require(monitor.stats().timings["op"])
        #expect(summary.count == 1)
        #expect(summary.sum == 0.5)
        #expect(summary.p99 == 0.5)
    }

    @Test func measureTimesSyncAndAsyncClosuresWithTheInjectedClock() async throws {
        let time = ManualClock()
        let monitor = PerformanceMonitor(clock: time.clock)
        let value = monitor.measure("sync") { () -> Int in
            time.advance(0.25)
            return 7
        }
        #expect(value == 7)
        let text = try await monitor.measure("async") { () async throws -> String in
            try await Task.sleep(for: .milliseconds(1))
            time.advance(0.5)
            return "done"
        }
        #expect(text == "done")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try monitor.measure("failing") {
                time.advance(1)
                throw Boom()
            }
        }
        let timings = monitor.stats().timings
        #expect(timings["sync"]?.sum == 0.25)
        #expect(timings["async"]?.sum == 0.5)
        #expect(timings["failing"]?.count == 1)
    }

    @Test func resetZeroesEverythingAndKeepsHandlesWorking() throws {
        let time = ManualClock()
        let monitor = PerformanceMonitor(clock: time.clock)
        let counter = try monitor.counter("tracks_played")
        counter.increment(by: 3)
        monitor.setGauge("active_guilds", 4)
        try monitor.recordTiming("track_load", seconds: 1)
        time.advance(5)
        monitor.reset()
        var stats = monitor.stats()
        #expect(stats.uptime == 0)
        #expect(stats.counters["tracks_played"] == 0)
        #expect(stats.gauges["active_guilds"] == 0)
        #expect(stats.timings["track_load"]?.count == 0)
        counter.increment()
        stats = monitor.stats()
        #expect(stats.counters["tracks_played"] == 1)
    }

    @Test func aConflictingNameIsCountedNotCrashed() throws {
        let monitor = PerformanceMonitor()
        monitor.incrementCounter("queue")
        monitor.setGauge("queue_total", 3)
        let error = try #require(throws: MonitorError.self) { try monitor.gauge("queue_total") }
        #expect(error.code == .conflictingRegistration)
        #expect(error.message.contains("sonora_queue_total"))
        let stats = monitor.stats()
        #expect(stats.rejectedUpdates == 1)
        #expect(stats.counters["queue"] == 1)
        #expect(stats.gauges["queue_total"] == nil)
    }

    @Test func aHistogramsDerivedNamesConflictWithAnotherFamily() throws {
        let monitor = PerformanceMonitor()
        try monitor.recordTiming("load", seconds: 1)
        let error = try #require(throws: MonitorError.self) { try monitor.gauge("load_duration_seconds_count") }
        #expect(error.code == .conflictingRegistration)
    }

    @Test func namesAreSanitizedPredictablyAndEmptyNamesRefused() throws {
        #expect(try MetricName.sanitize("track-load.time") == "track_load_time")
        #expect(try MetricName.sanitize("9lives") == "_9lives")
        #expect(try MetricName.sanitize("naïve:x") == "na_ve_x")
        #expect(try MetricName.exposed("sonora_x") == "sonora_x")
        #expect(try MetricRegistry.exposedName("tracks_played", kind: .counter) == "sonora_tracks_played_total")
        #expect(try MetricRegistry.exposedName("track_load", kind: .timing) == "sonora_track_load_duration_seconds")
        #expect(throws: MonitorError.self) { try MetricName.sanitize("") }
        #expect(throws: MonitorError.self) { try MetricName.label("__name__") }
    }

    @Test func theSharedInstanceIsOneInstance() {
        #expect(PerformanceMonitor.shared === PerformanceMonitor.shared)
    }

    @Test func aHandleIncrementedFromManyTasksLosesNothing() async throws {
        let counter = try PerformanceMonitor().counter("contended")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { for _ in 0..<10_000 { counter.increment() } } }
        }
        #expect(counter.value == 80_000)
    }

    @Test func theHistogramFootprintPerSeriesIsUnderSixteenKiB() {
        #expect(TimingSeries.histogramFootprintBytes < 16 * 1024)
    }
}
