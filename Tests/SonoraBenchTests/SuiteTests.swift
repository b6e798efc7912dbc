import Foundation
import SonoraMusic
import Testing
@testable import SonoraBench
@testable import SonoraSuites

@Suite struct SuiteTests {
    @Test func theCorpusHoldsAllSixThousandFiveHundredNinetyOneTracks() throws {
        let corpus = try Corpus.shared()
        #expect(corpus.encoded.count == 6_591)
        #expect(corpus.tracks.count == 6_591)
        let unique = corpus.uniqueTracks(7_000)
        #expect(Set(unique.map(\.identifier)).count == 7_000)
    }

    @Test func aSmallQueueMakesTheSameTracksAsThePrefixOfTheLargestQueues() throws {
        let corpus = try Corpus.shared()
        let small = corpus.uniqueTracks(Corpus.smallQueue)
        let large = corpus.uniqueTracks(Corpus.smallQueue + 1)
        #expect(small == Array(large.prefix(Corpus.smallQueue)))
    }

    @Test func theCorpusLineReaderTakesTheEncodedStringOrFallsBackToAJSONParser() {
        func read(_ line: String) -> String? { Corpus.encodedString(in: ArraySlice(Array(line.utf8))) }
        #expect(read(#"{"encoded": "QAAA+/w=", "expected": null}"#) == "QAAA+/w=")
        #expect(read(#"{"encoded":"QAAA"}"#) == "QAAA")
        // An escaped slash, another key first, and a line that is not an object.
        #expect(read(#"{"encoded": "QA\/A"}"#) == "QA/A")
        #expect(read(#"{"index": 3, "encoded": "QAAB"}"#) == "QAAB")
        #expect(read(#"{"encoded": 3}"#) == nil)
        #expect(read(#"["encoded", "QAAA"]"#) == nil)
        #expect(read("") == nil)
    }

    @Test(arguments: ["search", "playlist"], [10, 100, 1_000])
    func loadTracksBodiesParseIntoTheirTrackCount(loadType: String, count: Int) throws {
        let body = try Corpus.shared().loadTracksBody(loadType: loadType, count: count)
        let result = try LoadResult.decode(json: body)
        #expect(result.tracks.count == count)
        #expect(result.loadType.rawValue == loadType)
    }

    @Test func theSuitesHaveTheDocumentedNamesOnce() {
        let names = BuiltInSuites.all.map(\.name)
        #expect(Set(names).count == names.count)
        for name in [
            "track.decode.corpus", "track.encode.corpus", "track.parse.search.10", "track.parse.playlist.1k",
            "track.load.playlist.100", "queue.append.100", "queue.next.10k", "queue.skip.100k", "queue.insert.10k",
            "queue.remove.100k", "queue.move.100", "queue.shuffle.10k", "queue.dedupe.100k", "queue.history.10k",
        ] {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(names.filter { $0.hasPrefix("queue.") }.count == 30)  // 9 operations and queue.harness, at 3 sizes
    }

    @Test func theProfilerSymbolizationAndExportTimingsAreSuitesOfTheRunner() {
        let all = BuiltInSuites.all
        let names = all.map(\.name)
        for name in [
            "profiler.workload.unprofiled", "profiler.workload.cpu.100hz", "profiler.workload.cpu.1khz",
            "profiler.workload.wall.1khz", "symbolize.cold.1k", "symbolize.cached.1k", "export.pprof.100k",
            "export.speedscope.100k", "export.native-read.100k",
        ] {
            #expect(names.contains(name), "missing \(name)")
        }
        // Every profiled run is reported as a ratio to the unprofiled one, paired by round.
        for benchmark in all where benchmark.name.hasPrefix("profiler.workload.") && benchmark.name != ProfilerSuite.baselineName {
            #expect(benchmark.baseline == ProfilerSuite.baselineName, "\(benchmark.name)")
        }
        #expect(all.first { $0.name == ProfilerSuite.baselineName }?.baseline == nil)
    }

    /// The same benchmarks as the 100k ones, on 1,000 samples to keep a debug build quick.
    @Test func everyExportBenchmarkWritesAndReadsItsProfileInTheRunner() async {
        let smoke = BenchmarkConfiguration(
            warmupTime: 0, maxSamples: 2, maxTime: 0, minSamples: 2, minBatchTime: 0, maxBatchSize: 1, profileTime: 0,
            rawSampleCap: 2, exactOperations: 1)
        let benchmarks = ExportSuite.benchmarks(samples: 1_000, suffix: "1k")
        #expect(benchmarks.map(\.name).contains("export.native-read.1k"))
        for benchmark in benchmarks {
            let result = await BenchmarkRunner(configuration: smoke, profiling: false).run(benchmark).result
            #expect(result.status == .ok, "\(benchmark.name): \(result.failure ?? "")")
            #expect(result[.wall]?.totalSamples == 2)
        }
    }

    /// The 100k queue benchmarks run the same code as the 10k ones; leaving them out keeps this
    /// test to seconds in a debug build.
    @Test func everyBuiltInBenchmarkUpToTenThousandTracksRunsWithoutFailing() async {
        let smoke = BenchmarkConfiguration(
            warmupTime: 0, maxSamples: 2, maxTime: 0, minSamples: 2, minBatchTime: 0, maxBatchSize: 4, profileTime: 0,
            rawSampleCap: 2)
        let runner = BenchmarkRunner(configuration: smoke, profiling: false)
        for benchmark in BuiltInSuites.all where !benchmark.name.hasSuffix(".100k") {
            let result = await runner.run(benchmark).result
            #expect(result.status == .ok, "\(benchmark.name): \(result.failure ?? "")")
            #expect(result[.wall]?.totalSamples == 2)
        }
    }

    @Test func aQueueBatchNeverDriftsTheQueueSizeByMoreThanATenth() throws {
        for benchmark in QueueSuite.benchmarks where benchmark.name.contains(".insert.") || benchmark.name.contains(".remove.") {
            let size = benchmark.name.hasSuffix(".100") ? 100 : benchmark.name.hasSuffix(".10k") ? 10_000 : 100_000
            let pool = max(1, 10_000 / size)
            #expect(benchmark.maxBatchSize <= pool * size / 10, "\(benchmark.name)")
        }
    }
}
