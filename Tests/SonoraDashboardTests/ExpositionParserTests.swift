import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraDashboard

/// The scrapes the tests read: two from the real Python client and one from a real Prometheus server.
enum ScrapeFixtures {
    static let folder = FixtureFolder(besides: #filePath)
    static var directory: URL { folder.directory }

    static func text(_ name: String) throws -> String {
        try folder.text(name)
    }

    static func scrape(_ name: String) throws -> Scrape {
        try ExpositionParser.parse(text(name), source: name)
    }
}

@Suite struct ExpositionParserTests {
    @Test func theRealPythonClientsScrapeParsesIntoTypedFamilies() throws {
        let scrape = try ScrapeFixtures.scrape("python-client-2.txt")
        let played = try #require(scrape.family("sonora_tracks_played_total"))
        #expect(played.type == .counter)
        #expect(played.help == "Tracks that started playing.")
        #expect(played.samples.map(\.value) == [160, 32])
        #expect(played.samples.first?.label("guild") == "1")
        let load = try #require(scrape.family("sonora_track_load_seconds"))
        #expect(load.type == .histogram)
        // 9 buckets (8 bounds and +Inf), _count and _sum.
        #expect(load.samples.filter { $0.name == "sonora_track_load_seconds_bucket" }.count == 9)
        #expect(load.samples.contains { $0.name == "sonora_track_load_seconds_count" && $0.value == 300 })
        #expect(scrape.family("sonora_parse_seconds")?.type == .summary)
        #expect(scrape.firstValue(of: "process_max_fds") == 20000)
    }

    @Test func everyFamilyOfARealPrometheusServerParses() throws {
        let text = try ScrapeFixtures.text("prometheus-server.txt")
        let scrape = try ExpositionParser.parse(text, source: "prometheus")
        let declared = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.count
        #expect(scrape.families.count == declared)
        let samples = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.count
        #expect(scrape.families.reduce(0) { $0 + $1.samples.count } == samples)
        #expect(scrape.families.allSatisfy { $0.type != .untyped })
        #expect(scrape.family("go_gc_duration_seconds")?.type == .summary)
    }

    @Test func labelValuesUnescapeBackslashQuoteAndNewline() throws {
        let scrape = try ExpositionParser.parse(#"m{path="C:\\dir",q="say \"hi\"",n="a\nb",} 1 1700000000000"#, source: "t")
        let sample = try #require(scrape.family("m")?.samples.first)
        #expect(sample.labels == [MetricLabel("path", #"C:\dir"#), MetricLabel("q", #"say "hi""#), MetricLabel("n", "a\nb")])
        #expect(scrape.family("m")?.type == .untyped)
    }

    @Test func specialValuesParse() throws {
        let scrape = try ExpositionParser.parse("a +Inf\nb -Inf\nc NaN\nd 1e-3\n", source: "t")
        #expect(scrape.firstValue(of: "a") == .infinity)
        #expect(scrape.firstValue(of: "b") == -.infinity)
        #expect(scrape.firstValue(of: "c")?.isNaN == true)
        #expect(scrape.firstValue(of: "d") == 0.001)
    }

    @Test(arguments: [
        ("m{a=\"1\" 2", "line 1: expected , or } after label a"),
        ("ok 1\nm{a=1} 2", "line 2: the value of label a is not quoted"),
        ("m one", "line 1: \"one\" is not a number"),
        ("# TYPE m countr", "line 1: unknown metric type"),
        ("9m 1", "line 1: a sample must start with a metric name"),
        ("m 1 2 3", "line 1: unexpected text after the value"),
    ])
    func aBadLineIsReportedWithItsNumber(_ input: String, _ expected: String) {
        #expect {
            try ExpositionParser.parse(input, source: "http://x/metrics")
        } throws: { error in
            let message = (error as? DashboardError)?.message ?? ""
            return message.contains("http://x/metrics is not Prometheus text format: \(expected)")
        }
    }

    @Test(arguments: [("<!DOCTYPE html><html>", "HTML or XML"), ("{\"status\":\"success\"}", "JSON")])
    func anHTMLOrJSONBodyIsNamedAsSuch(_ body: String, _ kind: String) {
        #expect {
            try ExpositionParser.parse("\n" + body, source: "http://x/")
        } throws: { error in
            (error as? DashboardError)?.message == "http://x/ did not answer with Prometheus text format: the body looks like \(kind)"
        }
    }

    /// An endpoint's bytes reach the terminal only through `PrintableText`: a bad line's escape
    /// sequences are shown as text, and a huge token is cut, not copied into the message whole.
    @Test func aBadLineIsQuotedWithoutItsControlCharactersAndCut() throws {
        let escape = "evil 12\u{1B}]0;pwned\u{7}"
        let error = try #require(throws: DashboardError.self) { try ExpositionParser.parse(escape, source: "http://x/metrics") }
        #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 }, "\(error.message)")
        #expect(error.message.hasSuffix(#"line 1: "12\u{1B}]0;pwned\u{7}" is not a number: evil 12\u{1B}]0;pwned\u{7}"#), "\(error.message)")

        let huge = "m " + String(repeating: "x", count: 1 << 20)
        let cut = try #require(throws: DashboardError.self) { try ExpositionParser.parse(huge, source: "http://x/metrics") }
        #expect(cut.message.count < 250, "\(cut.message.count) characters")
        #expect(cut.message.contains(#"line 1: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..." is not a number: m xxxx"#), "\(cut.message)")
    }

    /// NIO names the error type `NIOTooManyBytesError(maxBytes: …)`; the reason says what it means.
    @Test func aBodyOverTheCapIsCalledThat() {
        struct NIOTooManyBytesError: Error { var maxBytes: Int? }
        #expect(ScrapeClient.reason(NIOTooManyBytesError(maxBytes: 67_106_934)) == "the body is larger than 64 MiB")
    }
}
