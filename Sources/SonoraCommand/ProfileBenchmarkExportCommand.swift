import ArgumentParser
import Foundation
import SonoraProfiler

/// `sonora profile benchmark-export` (hidden): how long each export of a large profile takes.
///
/// The goal is under one second per format for 100k samples in a release build. This is a
/// benchmark, not a test: run it with `swift run -c release sonora profile benchmark-export`.
struct ProfileBenchmarkExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark-export",
        abstract: "Time every export format on a large synthetic profile.",
        shouldDisplay: false
    )

    @Option(help: "Samples in the synthetic profile.")
    var samples = 100_000

    @Option(help: "Timed repetitions per format; the median is reported.")
    var repetitions = 5

    @Option(help: "Where to write the JSON results.")
    var output = "reports/export-benchmark.json"

    struct Result: Codable {
        var format: String
        var bytes: Int
        var medianSeconds: Double
        var maxSeconds: Double
    }

    struct Report: Codable {
        var schemaVersion = 1
        var date: String
        var buildConfiguration: String
        var samples: Int
        var weightedSamples: Int
        var frames: Int
        var averageDepth: Double
        var repetitions: Int
        var goalSeconds = 1.0
        var results: [Result]
    }

    func run() async throws {
        let profile = Self.syntheticProfile(samples: samples)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sonora-export-benchmark-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var results: [Result] = []
        for format in ProfileFormat.all {
            let url = directory.appendingPathComponent("profile.\(format.fileExtension)")
            let times = try (0 ..< max(repetitions, 1)).map { _ in
                try Self.seconds { try profile.write(to: url, format: format) }
            }
            let bytes = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            results.append(Result(format: format.rawValue, bytes: bytes, medianSeconds: Self.median(times), maxSeconds: times.max() ?? 0))
        }
        let nativeURL = directory.appendingPathComponent("profile.sonoraprofile")
        let loadTimes = try (0 ..< max(repetitions, 1)).map { _ in try Self.seconds { _ = try Profile(contentsOf: nativeURL) } }
        let nativeBytes = results.first { $0.format == "native" }?.bytes ?? 0
        results.append(Result(format: "native (read)", bytes: nativeBytes, medianSeconds: Self.median(loadTimes), maxSeconds: loadTimes.max() ?? 0))

        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        let report = Report(
            date: Date().formatted(.iso8601), buildConfiguration: configuration, samples: profile.sampleCount,
            weightedSamples: profile.weightedSampleCount, frames: profile.frames.count,
            averageDepth: Double(profile.samples.reduce(0) { $0 + $1.stack.count }) / Double(max(profile.sampleCount, 1)),
            repetitions: repetitions, results: results)
        for result in results {
            let verdict = result.medianSeconds < report.goalSeconds ? "ok" : "SLOW"
            print(String(format: "%-16@ %10d bytes  median %7.3f s  max %7.3f s  %@", result.format as NSString, result.bytes, result.medianSeconds, result.maxSeconds, verdict as NSString))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let outputURL = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: outputURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ProfileCommandSupport.writing(output) { try AtomicFile.write(encoder.encode(report), to: outputURL) }
        print("wrote \(output) (\(configuration) build)")
    }

    private static func seconds(_ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// A deterministic profile shaped like a server's: 4 threads, 400 addresses in 200 functions,
    /// 5,000 distinct stacks 8 to 39 deep, weights 1 or 2.
    static func syntheticProfile(samples count: Int) -> Profile {
        let frames = (0 ..< 400).map { index in
            Frame(
                address: 0x40_0000 + UInt64(index) * 0x40, mappingIndex: 0,
                function: "MusicBot.Module\(index % 20).function\(index % 200)(_: Swift.Int) -> Swift.Int",
                mangledName: "$s8MusicBot8function\(index % 200)yS2iF", module: index % 50 == 0 ? "libswiftCore.so" : "MusicBot",
                file: "Sources/MusicBot/File\(index % 200).swift", line: 10 + index)
        }
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        // Real profiles repeat a few thousand distinct stacks; draw from such a pool, hot stacks first.
        var pool: [[Int]] = []
        for _ in 0 ..< 5_000 {
            let depth = 8 + next() % 32
            var stack: [Int] = []
            stack.reserveCapacity(depth)
            var frame = next() % 16
            for _ in 0 ..< depth {
                stack.append(frame)
                frame = (frame * 7 + next() % 5 + 1) % frames.count
            }
            pool.append(stack.reversed())
        }
        var samples: [Sample] = []
        samples.reserveCapacity(count)
        for _ in 0 ..< count {
            let pick = min(next() % pool.count, next() % pool.count)
            samples.append(Sample(stack: pool[pick], weight: 1 + next() % 2, threadID: Int32(1 + next() % 4)))
        }
        return Profile(
            metadata: ProfileMetadata(
                mode: .cpu, frequency: 1000, startTime: Date(timeIntervalSince1970: 1_767_323_045), duration: Double(count) / 4000,
                pid: 1, commandLine: ["MusicBot"], host: "benchmark", swiftVersion: "6.3.1", buildConfiguration: "release"),
            threads: (1 ... 4).map { ProfiledThread(id: Int32($0), name: "worker") },
            mappings: [Mapping(start: 0x40_0000, limit: 0x50_0000, fileOffset: 0, path: "/srv/MusicBot", buildID: nil)],
            frames: frames, samples: samples, health: SamplerHealth(),
            memory: MemoryUsage(rssAtStartMB: 0, peakMB: 0, rssAtEndMB: 0, peakIsSessionLocal: false))
    }
}
