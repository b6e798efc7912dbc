import Foundation
import SonoraBench
import SonoraProfiler

/// How long each export of a large profile takes: a server-shaped synthetic profile of 100k
/// samples written in every format, and the native format read back. Goal: under one second per
/// format in a release build.
public enum ExportSuite {
    /// Samples in the synthetic profile.
    static let sampleCount = 100_000

    /// Every export benchmark: `export.<format>.100k` and `export.native-read.100k`.
    public static var benchmarks: [Benchmark] { benchmarks(samples: sampleCount, suffix: "100k") }

    /// The export benchmarks on a profile of `samples` samples, named `export.<format>.<suffix>`.
    static func benchmarks(samples: Int, suffix: String) -> [Benchmark] {
        var all = ProfileFormat.all.map { format in
            Benchmark(
                "export.\(format.rawValue).\(suffix)", tags: ["profiler", "export"], maxBatchSize: 1,
                setUp: { try ExportFixture(format: format, samples: samples) },
                tearDown: { $0.remove() }
            ) { fixture in
                try fixture.profile.write(to: fixture.url, format: format)
            }
        }
        all.append(
            Benchmark(
                "export.native-read.\(suffix)", tags: ["profiler", "export"], maxBatchSize: 1,
                setUp: {
                    let fixture = try ExportFixture(format: .native, samples: samples)
                    try fixture.profile.write(to: fixture.url, format: .native)
                    return fixture
                },
                tearDown: { $0.remove() }
            ) { fixture in
                blackHole(try Profile(contentsOf: fixture.url).sampleCount)
            })
        return all
    }
}

/// A synthetic profile and the temporary file an export benchmark writes.
struct ExportFixture {
    let profile: Profile
    let folder: URL
    let url: URL

    init(format: ProfileFormat, samples: Int) throws {
        profile = SyntheticProfile.make(samples: samples)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sonora-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        url = folder.appendingPathComponent("profile.\(format.fileExtension)")
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}

/// A deterministic profile shaped like a server's.
enum SyntheticProfile {
    /// 4 threads, 400 addresses in 200 functions, 5,000 distinct stacks 8 to 39 deep, weights 1 or 2.
    static func make(samples count: Int) -> Profile {
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
