import Foundation
import Testing
@testable import SonoraProfiler

@Suite struct ProfileAggregateTests {
    static func frame(_ name: String, _ address: UInt64) -> Frame {
        Frame(address: address, mappingIndex: nil, function: name, mangledName: name, module: "test")
    }

    static let profile = Profile(
        metadata: ProfileMetadata(
            mode: .cpu, frequency: 100, startTime: Date(timeIntervalSince1970: 0), duration: 1, pid: 1,
            commandLine: [], host: "h", swiftVersion: "6", buildConfiguration: "debug"),
        threads: [ProfiledThread(id: 1, name: "main")],
        mappings: [],
        frames: [frame("main", 1), frame("recurse", 2), frame("recurse", 3), frame("leaf", 4)],
        samples: [
            Sample(stack: [3, 1, 2, 0], weight: 2, threadID: 1),  // main > recurse > recurse > leaf
            Sample(stack: [1, 0], weight: 1, threadID: 1),  // main > recurse
        ],
        health: SamplerHealth(),
        memory: MemoryUsage(rssAtStartMB: 1, peakMB: 2, rssAtEndMB: 1, peakIsSessionLocal: true)
    )

    @Test func recursionCountsOncePerSampleInCumulativeTime() {
        let stats = Dictionary(uniqueKeysWithValues: Self.profile.functions.map { ($0.name, $0) })
        #expect(stats["recurse"]?.totalSamples == 3)
        #expect(stats["recurse"]?.selfSamples == 1)
        #expect(stats["leaf"]?.selfSamples == 2)
        #expect(stats["main"]?.totalSamples == 3)
        #expect(stats["main"]?.cumulativeTime == 0.03)
    }

    @Test func edgesLinkCallersToCallees() {
        let edges = ProfileAggregate(Self.profile).edges
        let toLeaf = edges.first { $0.callee.name == "leaf" }
        #expect(toLeaf?.caller.name == "recurse")
        #expect(toLeaf?.selfSamples == 2)
        let recursive = edges.first { $0.caller.name == "recurse" && $0.callee.name == "recurse" }
        #expect(recursive?.totalSamples == 2)
    }
}
