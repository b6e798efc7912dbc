import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraDashboard

@Suite struct FrameTests {
    static let snapshots = Snapshot.folder(besides: #filePath)

    /// The two Python-client scrapes, taken at t = 1000 s and t = 1002 s.
    static func pythonHistory() throws -> ScrapeHistory {
        var history = ScrapeHistory()
        history.append(try ScrapeFixtures.scrape("python-client-1.txt"), at: 1000)
        history.append(try ScrapeFixtures.scrape("python-client-2.txt"), at: 1002)
        return history
    }

    @Test func countersGetTheirRatePerSecondBetweenTheLastTwoScrapes() throws {
        let frame = FrameBuilder.build(history: try Self.pythonHistory(), target: "t", now: 1002.5)
        let played = frame.counters.filter { $0.name == "sonora_tracks_played_total" }
        #expect(played.map(\.labels) == [#"{guild="1"}"#, #"{guild="2"}"#])
        #expect(played.map(\.total) == [160, 32])
        #expect(played.map(\.rate) == [20, 1])
        #expect(frame.scrapeAge == 0.5)
        let cpu1 = try ScrapeFixtures.scrape("python-client-1.txt").firstValue(of: "process_cpu_seconds_total")!
        let cpu2 = try ScrapeFixtures.scrape("python-client-2.txt").firstValue(of: "process_cpu_seconds_total")!
        #expect(frame.system.cpuPercent == (cpu2 - cpu1) / 2 * 100)
        #expect(frame.system.maxFDs == 20000)
        // Process metrics and the Python client's _created stamps are not rows.
        #expect(!frame.gauges.contains { $0.name.hasPrefix("process_") || $0.name.hasSuffix("_created") })
        #expect(frame.gauges.map(\.name) == ["sonora_active_guilds", "sonora_queued_tracks"])
    }

    @Test func aCounterThatWentDownCountsFromZero() throws {
        var history = ScrapeHistory()
        history.append(try ExpositionParser.parse("# TYPE c_total counter\nc_total 100\n", source: "t"), at: 10)
        history.append(try ExpositionParser.parse("# TYPE c_total counter\nc_total 6\n", source: "t"), at: 12)
        let frame = FrameBuilder.build(history: history, target: "t", now: 12)
        #expect(frame.counters.first?.rate == 3)
    }

    /// Rates follow each series by its labels across scrapes: a series missing from a scrape has no
    /// rate across the gap, the first of a repeated series counts, and rows come in label order.
    @Test func eachSeriesIsFollowedByItsLabelsAcrossScrapes() throws {
        var history = ScrapeHistory()
        let bodies = [
            "c_total{g=\"b\"} 10\nc_total{g=\"a\"} 1\nc_total{g=\"c\"} 1\nc_total{g=\"c\"} 999\n",
            "c_total{g=\"b\"} 14\nc_total{g=\"c\"} 5\n",
            "c_total{g=\"a\"} 5\nc_total{g=\"b\"} 20\nc_total{g=\"c\"} 9\n",
        ]
        for (index, body) in bodies.enumerated() {
            history.append(try ExpositionParser.parse("# TYPE c_total counter\n" + body, source: "t"), at: 10 + 2 * Double(index))
        }
        let frame = FrameBuilder.build(history: history, target: "t", now: 14)
        #expect(frame.counters.map(\.labels) == [#"{g="a"}"#, #"{g="b"}"#, #"{g="c"}"#])
        #expect(frame.counters.map(\.rates) == [[], [2, 3], [2, 2]])
        #expect(frame.counters.map(\.rate) == [nil, 3, 2])
    }

    /// A label value may hold any text; escape sequences in it must not reach the terminal.
    @Test func controlCharactersInLabelValuesAreShownAsText() throws {
        var history = ScrapeHistory()
        let text = "# TYPE evil_total counter\nevil_total{song=\"\u{1B}[2J\u{1B}]0;title\u{7}\u{9B}31m\"} 5\n"
        history.append(try ExpositionParser.parse(text, source: "t"), at: 1000)
        let frame = FrameBuilder.build(history: history, target: "t", now: 1000)
        #expect(frame.counters.map(\.labels) == [#"{song="\u{1B}[2J\u{1B}]0;title\u{7}\u{9B}31m"}"#])
        let lines = FrameRenderer.render(frame, width: 120)
        #expect(lines.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } })
    }

    @Test func aSingleScrapeHasNoRatesYet() throws {
        var history = ScrapeHistory()
        history.append(try ScrapeFixtures.scrape("python-client-1.txt"), at: 1000)
        let frame = FrameBuilder.build(history: history, target: "t", now: 1000)
        #expect(frame.counters.allSatisfy { $0.rate == nil })
        #expect(frame.system.cpuPercent == nil)
    }

    @Test func histogramQuantilesInterpolateInsideTheirBucketAsPromQLDoes() {
        let series = HistogramSeries(buckets: [(0.1, 20), (0.2, 60), (0.4, 100), (.infinity, 100)], count: 100, sum: 20)
        #expect(abs(series.quantile(0.5)! - 0.175) < 1e-12)
        #expect(abs(series.quantile(0.99)! - 0.395) < 1e-12)
        let overflow = HistogramSeries(buckets: [(1, 5), (.infinity, 10)], count: 10, sum: 20)
        #expect(overflow.quantile(0.99) == 1)
        #expect(HistogramSeries(buckets: [(1, 0), (.infinity, 0)], count: 0, sum: 0).quantile(0.5) == nil)
    }

    @Test func timingQuantilesCoverOnlyTheLastIntervalWhenItHasObservations() throws {
        let frame = FrameBuilder.build(history: try Self.pythonHistory(), target: "t", now: 1002)
        let load = try #require(frame.timings.first { $0.name == "sonora_track_load_seconds" })
        #expect(load.recent)
        #expect(load.count == 300)
        #expect(load.rate == 50)
        // The last interval's 100 observations are 0.02…0.2 s, 10 each: the median lies in (0.05, 0.1].
        let p50 = try #require(load.p50)
        #expect(p50 > 0.05 && p50 <= 0.1)
        #expect(load.isSeconds)
    }

    @Test func framesFromThePythonClientMatchTheirSnapshots() throws {
        let start = try ScrapeFixtures.scrape("python-client-2.txt").firstValue(of: "process_start_time_seconds")!
        var history = ScrapeHistory()
        history.append(try ScrapeFixtures.scrape("python-client-1.txt"), at: start + 3721)
        history.append(try ScrapeFixtures.scrape("python-client-2.txt"), at: start + 3723)
        let frame = FrameBuilder.build(history: history, target: "http://127.0.0.1:9464/metrics", now: start + 3723.5)
        for width in [100, 60] {
            let text = FrameRenderer.render(frame, width: width).joined(separator: "\n") + "\n"
            try Snapshot.assertMatches(text, named: "python-client-\(width).txt", in: Self.snapshots)
        }
        var failing = frame
        failing.error = "cannot scrape http://127.0.0.1:9464/metrics: connection refused"
        let text = FrameRenderer.render(failing, width: 80, height: 12).joined(separator: "\n") + "\n"
        try Snapshot.assertMatches(text, named: "python-client-error-80x12.txt", in: Self.snapshots)
    }

    @Test func aFrameOfARealPrometheusServerMatchesItsSnapshot() throws {
        let scrape = try ScrapeFixtures.scrape("prometheus-server.txt")
        let start = try #require(scrape.firstValue(of: "process_start_time_seconds"))
        var history = ScrapeHistory()
        history.append(scrape, at: start + 5)
        let frame = FrameBuilder.build(history: history, target: "http://127.0.0.1:9090/metrics", now: start + 6)
        let text = FrameRenderer.render(frame, width: 120, height: 40).joined(separator: "\n") + "\n"
        try Snapshot.assertMatches(text, named: "prometheus-server-120x40.txt", in: Self.snapshots)
    }

    @Test func everyLineFitsTheWidthAndHeightAtEverySize() throws {
        var history = ScrapeHistory()
        history.append(try ScrapeFixtures.scrape("prometheus-server.txt"), at: 1000)
        history.append(try ScrapeFixtures.scrape("prometheus-server.txt"), at: 1001)
        let frame = FrameBuilder.build(history: history, target: String(repeating: "x", count: 300), now: 1001)
        for width in stride(from: FrameRenderer.minimumWidth, through: 220, by: 7) {
            for height in [5, 24, 60] {
                let lines = FrameRenderer.render(frame, width: width, height: height)
                #expect(lines.count <= height)
                #expect(lines.allSatisfy { $0.count <= width }, "width \(width)")
            }
        }
    }

    @Test func sparklinesScaleFromZeroToTheLargestValue() {
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7], width: 8) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([5], width: 3) == "  █")
        #expect(Sparkline.render([0, 0], width: 2) == "▁▁")
    }

    @Test(arguments: [("2s", 2000), ("500ms", 500), ("1.5", 1500), ("1m", 60000)])
    func intervalsParse(_ text: String, _ milliseconds: Int64) throws {
        #expect(try DashboardSession.parseInterval(text) == .milliseconds(milliseconds))
    }

    @Test(arguments: ["0", "nan", "abc", "2h", "50ms", "-1s"])
    func badIntervalsAreRefusedByName(_ text: String) {
        #expect(throws: DashboardError.self) { try DashboardSession.parseInterval(text) }
    }
}
