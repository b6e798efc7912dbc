import Foundation
@testable import SonoraProfiler

/// Small deterministic profiles that exercise every export: two threads, user code, the Swift
/// runtime, libc, an unsymbolized address, recursion, generic names with `<>` and weights above 1.
enum SyntheticProfiles {
    static let startTime = Date(timeIntervalSince1970: 1_767_323_045.25)  // 2026-01-02T03:04:05.250Z

    static let mappings = [
        Mapping(start: 0x40_0000, limit: 0x50_0000, fileOffset: 0, path: "/srv/bot/MusicBot", buildID: "a1b2c3d4"),
        Mapping(start: 0x7f00_0000_0000, limit: 0x7f00_0040_0000, fileOffset: 0x1000, path: "/usr/lib/swift/linux/libswiftCore.so", buildID: nil),
        Mapping(start: 0x7f10_0000_0000, limit: 0x7f10_0020_0000, fileOffset: 0, path: "/lib/x86_64-linux-gnu/libc.so.6", buildID: "ffee"),
    ]

    /// Frame indices: 0 main, 1 loadTracks, 2 decode (two addresses: 2 and 3), 4 sort (recursive), 5 swift_retain,
    /// 6 Array.append, 7 memcpy, 8 an unknown address, 9 worker's run loop.
    static let frames = [
        Frame(address: 0x40_1000, mappingIndex: 0, function: "main", mangledName: "main", module: "MusicBot", file: "Sources/MusicBot/main.swift", line: 12),
        Frame(address: 0x40_2000, mappingIndex: 0, function: "MusicBot.TrackLoader.loadTracks(query: Swift.String) async throws -> [MusicBot.Track]",
              mangledName: "$s8MusicBot11TrackLoaderC10loadTracks5querySayAA0C0VGSS_tYaKF", module: "MusicBot", file: "Sources/MusicBot/TrackLoader.swift", line: 40),
        Frame(address: 0x40_3000, mappingIndex: 0, function: "MusicBot.decode(_: Foundation.Data) -> MusicBot.Track",
              mangledName: "$s8MusicBot6decodeyAA5TrackV10Foundation4DataVF", module: "MusicBot", file: "Sources/MusicBot/Codec.swift", line: 88),
        Frame(address: 0x40_3040, mappingIndex: 0, function: "MusicBot.decode(_: Foundation.Data) -> MusicBot.Track",
              mangledName: "$s8MusicBot6decodeyAA5TrackV10Foundation4DataVF", module: "MusicBot", file: "Sources/MusicBot/Codec.swift", line: 91),
        Frame(address: 0x40_4000, mappingIndex: 0, function: "MusicBot.TrackQueue.sort(by: (MusicBot.Track, MusicBot.Track) -> Swift.Bool) -> ()",
              mangledName: "$s8MusicBot10TrackQueueV4sort2byySbAA0B0V_AFtXE_tF", module: "MusicBot", file: "Sources/MusicBot/TrackQueue.swift", line: 120),
        Frame(address: 0x7f00_0000_2000, mappingIndex: 1, function: "swift_retain", mangledName: "swift_retain", module: "libswiftCore.so"),
        Frame(address: 0x7f00_0000_3000, mappingIndex: 1, function: "Swift.Array<MusicBot.Track>.append(__owned MusicBot.Track) -> ()",
              mangledName: "$sSa6appendyyxnF", module: "libswiftCore.so"),
        Frame(address: 0x7f10_0000_1000, mappingIndex: 2, function: "__memmove_avx_unaligned_erms", mangledName: "__memmove_avx_unaligned_erms", module: "libc.so.6"),
        Frame(address: 0xdead_beef, mappingIndex: nil, function: "0xdeadbeef", mangledName: "0xdeadbeef", module: "[unknown]"),
        Frame(address: 0x40_5000, mappingIndex: 0, function: "MusicBot.Worker.run() -> ()", mangledName: "$s8MusicBot6WorkerC3runyyF", module: "MusicBot", file: "Sources/MusicBot/Worker.swift", line: 7),
    ]

    static func metadata(_ mode: ProfilingMode = .cpu) -> ProfileMetadata {
        ProfileMetadata(
            mode: mode, frequency: 100, startTime: startTime, duration: 2.5, pid: 4242,
            commandLine: ["/srv/bot/MusicBot", "--shard", "3"], host: "bot-host", swiftVersion: "6.3.1",
            buildConfiguration: "release")
    }

    /// The profile most tests use: 11 samples, 16 weighted samples.
    static let profile: Profile = {
        var health = SamplerHealth()
        health.samplesTaken = 11
        health.samplesDropped = 1
        health.handlerMedianNanos = 850
        health.threadsSeen = 2
        return Profile(
            metadata: metadata(), threads: [ProfiledThread(id: 100, name: "main"), ProfiledThread(id: 101, name: "")],
            mappings: mappings, frames: frames,
            samples: [
                Sample(stack: [2, 1, 0], weight: 3, threadID: 100),  // main > loadTracks > decode
                Sample(stack: [3, 1, 0], weight: 1, threadID: 100),  // decode at another address
                Sample(stack: [7, 2, 1, 0], weight: 2, threadID: 100),  // … > decode > memmove
                Sample(stack: [5, 6, 1, 0], weight: 1, threadID: 100),  // … > loadTracks > append > retain
                Sample(stack: [4, 4, 4, 0], weight: 2, threadID: 100),  // main > sort > sort > sort
                Sample(stack: [4, 0], weight: 1, threadID: 100, truncated: true, walker: .framePointer),
                Sample(stack: [1, 0], weight: 1, threadID: 100),
                Sample(stack: [8, 9], weight: 1, threadID: 101),  // worker > unknown
                Sample(stack: [5, 9], weight: 2, threadID: 101),  // worker > retain
                Sample(stack: [9], weight: 1, threadID: 101),
                Sample(stack: [2, 9], weight: 1, threadID: 101),  // worker > decode
            ],
            health: health,
            memory: MemoryUsage(rssAtStartMB: 20.5, peakMB: 64.25, rssAtEndMB: 30, peakIsSessionLocal: true))
    }()

    /// The same code in wall mode, with on/off-CPU tags.
    static let wallProfile: Profile = {
        var wall = profile
        wall.metadata = metadata(.wall)
        wall.samples = wall.samples.enumerated().map { index, sample in
            var sample = sample
            sample.onCPU = index % 3 != 0
            return sample
        }
        return wall
    }()

    /// `profile` after a change that made `decode` much hotter and `sort` cooler.
    static let slowerDecode: Profile = {
        var head = profile
        head.samples = head.samples.map { sample in
            var sample = sample
            if sample.stack.first == 2 { sample.weight *= 4 }
            if sample.stack.first == 4 { sample.weight = 1 }
            return sample
        }
        return head
    }()

    /// A profile of `count` samples over deep, varied stacks, for conversion at scale.
    static func large(samples count: Int) -> Profile {
        var frames: [Frame] = []
        for index in 0 ..< 400 {
            frames.append(Frame(
                address: 0x40_0000 + UInt64(index) * 0x40, mappingIndex: 0, function: "MusicBot.function\(index % 200)()",
                mangledName: "$s8MusicBot8function\(index % 200)yyF", module: "MusicBot", file: "Sources/MusicBot/F\(index % 200).swift",
                line: index))
        }
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var samples: [Sample] = []
        samples.reserveCapacity(count)
        for _ in 0 ..< count {
            let depth = 8 + next() % 32
            var stack: [Int] = []
            var frame = next() % 16
            for _ in 0 ..< depth {
                stack.append(frame)
                frame = (frame * 7 + next() % 5 + 1) % frames.count
            }
            samples.append(Sample(stack: stack.reversed(), weight: 1 + next() % 2, threadID: Int32(1 + next() % 4)))
        }
        var profile = SyntheticProfiles.profile
        profile.threads = (1 ... 4).map { ProfiledThread(id: Int32($0), name: "worker") }
        profile.mappings = [SyntheticProfiles.mappings[0]]
        profile.frames = frames
        profile.samples = samples
        return profile
    }
}
