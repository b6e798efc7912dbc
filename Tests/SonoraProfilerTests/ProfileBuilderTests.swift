import Foundation
import Testing
@testable import SonoraProfiler

/// A symbolizer that names addresses from a table and records every lookup.
struct ProfileBuilderFakeSymbolizer: Symbolizer {
    var names: [UInt64: (function: String, object: String, line: Int?)]
    var mappings: [Mapping]
    var lookups: [UInt64] = []

    mutating func symbolize(_ address: UInt64) -> SymbolInfo {
        lookups.append(address)
        guard let name = names[address] else {
            return SymbolInfo(function: "0x" + String(address, radix: 16), mangledName: "0x" + String(address, radix: 16), objectPath: nil)
        }
        return SymbolInfo(
            function: name.function, mangledName: "$s" + name.function, objectPath: name.object,
            file: name.line.map { _ in "/src/\(name.function).swift" }, line: name.line)
    }
}

@Suite struct ProfileBuilderTests {
    static let metadata = ProfileMetadata(
        mode: .cpu, frequency: 100, startTime: Date(timeIntervalSince1970: 0), duration: 1, pid: 1,
        commandLine: [], host: "h", swiftVersion: "6", buildConfiguration: "debug")

    static func fake() -> ProfileBuilderFakeSymbolizer {
        ProfileBuilderFakeSymbolizer(
            names: [
                0x1010: ("leaf", "/bin/app", 10),
                0x2000: ("middle", "/bin/app", 20),
                0x3000: ("main", "/bin/app", nil),
                0x9001: ("libcThing", "/lib/libc.so.6", nil),
            ],
            mappings: [
                Mapping(start: 0x9000, limit: 0xA000, fileOffset: 0x1000, path: "/lib/libc.so.6", buildID: "cd"),
                Mapping(start: 0x1000, limit: 0x4000, fileOffset: 0, path: "/bin/app", buildID: "ab"),
            ])
    }

    static func build(_ samples: [RawSample], symbolizer: inout ProfileBuilderFakeSymbolizer) -> Profile {
        ProfileBuilder.build(
            samples: samples, metadata: metadata, threads: [ProfiledThread(id: 7, name: "main")],
            health: SamplerHealth(), memory: MemoryUsage(rssAtStartMB: 1, peakMB: 2, rssAtEndMB: 1, peakIsSessionLocal: true),
            symbolizer: &symbolizer)
    }

    @Test func internsOneFramePerAddressAndLooksUpReturnAddressesMinusOne() {
        var symbolizer = Self.fake()
        let profile = Self.build(
            [
                RawSample(threadID: 7, weight: 2, onCPU: nil, walker: .libunwindRemote, truncated: false, addresses: [0x1010, 0x2001, 0x3001]),
                RawSample(threadID: 7, weight: 1, onCPU: nil, walker: .framePointer, truncated: true, addresses: [0x1010, 0x2001, 0x3001]),
                RawSample(threadID: 8, weight: 1, onCPU: true, walker: .pcOnly, truncated: false, addresses: [0x9001]),
            ], symbolizer: &symbolizer)

        #expect(symbolizer.lookups == [0x1010, 0x2000, 0x3000, 0x9001])
        #expect(profile.frames.map(\.function) == ["leaf", "middle", "main", "libcThing"])
        #expect(profile.frames.map(\.address) == [0x1010, 0x2001, 0x3001, 0x9001])
        #expect(profile.samples[0].stack == [0, 1, 2])
        #expect(profile.samples[1].stack == [0, 1, 2])
        #expect(profile.samples[2].stack == [3])
        #expect(profile.samples.map(\.weight) == [2, 1, 1])
        #expect(profile.samples[1].walker == .framePointer && profile.samples[1].truncated)
        #expect(profile.samples[2].onCPU == true)
    }

    @Test func framesPointAtTheirMappingAndModule() {
        var symbolizer = Self.fake()
        let profile = Self.build(
            [RawSample(threadID: 7, weight: 1, onCPU: nil, walker: .libunwindRemote, truncated: false, addresses: [0x9001, 0x1010 + 1, 0x5001])],
            symbolizer: &symbolizer)
        #expect(profile.mappings.map(\.path) == ["/bin/app", "/lib/libc.so.6"])
        #expect(profile.frames[0].mappingIndex == 1)
        #expect(profile.frames[0].module == "libc.so.6")
        #expect(profile.frames[1].mappingIndex == 0)
        #expect(profile.frames[1].module == "app")
        #expect(profile.frames[1].line == 10)
        #expect(profile.frames[2].mappingIndex == nil)
        #expect(profile.frames[2].function == "0x5000")
    }

    @Test func aLeafAndAReturnAddressAtTheSameAddressAreDifferentFrames() {
        var symbolizer = Self.fake()
        let profile = Self.build(
            [
                RawSample(threadID: 7, weight: 1, onCPU: nil, walker: .libunwindRemote, truncated: false, addresses: [0x2001]),
                RawSample(threadID: 7, weight: 1, onCPU: nil, walker: .libunwindRemote, truncated: false, addresses: [0x1010, 0x2001]),
            ], symbolizer: &symbolizer)
        #expect(profile.frames.count == 3)
        #expect(symbolizer.lookups == [0x2001, 0x1010, 0x2000])
    }

    @Test func threadsSeenOnlyInSamplesAreAdded() {
        var symbolizer = Self.fake()
        let profile = Self.build(
            [RawSample(threadID: 9, weight: 1, onCPU: nil, walker: .libunwindRemote, truncated: false, addresses: [0x1010])],
            symbolizer: &symbolizer)
        #expect(profile.threads == [ProfiledThread(id: 7, name: "main"), ProfiledThread(id: 9, name: "")])
    }

    @Test func buildsFromRealAddressesWithTheELFSymbolizer() throws {
        let qsort = UInt64(UInt(bitPattern: try #require(dlsym(dlopen(nil, RTLD_LAZY), "qsort"))))
        var symbolizer = try ELFSymbolizer()
        let profile = ProfileBuilder.build(
            samples: [RawSample(threadID: 1, weight: 1, onCPU: nil, walker: .libunwindRemote, truncated: false, addresses: [qsort + 2, qsort + 5])],
            metadata: Self.metadata, threads: [], health: SamplerHealth(),
            memory: MemoryUsage(rssAtStartMB: 1, peakMB: 1, rssAtEndMB: 1, peakIsSessionLocal: false), symbolizer: &symbolizer)
        #expect(profile.frames.map(\.function) == ["qsort", "qsort"])
        let mapping = try #require(profile.frames[0].mappingIndex.map { profile.mappings[$0] })
        #expect(mapping.path.contains("libc.so"))
        #expect(profile.frames[0].module.hasPrefix("libc.so"))
    }
}
