import Foundation
import Testing
@testable import SonoraProfiler

@Suite struct ProfileDiffTests {
    let diff = ProfileDiff(base: SyntheticProfiles.profile, head: SyntheticProfiles.slowerDecode)
    static let decode = "MusicBot.decode(_: Foundation.Data) -> MusicBot.Track"
    static let sort = "MusicBot.TrackQueue.sort(by: (MusicBot.Track, MusicBot.Track) -> Swift.Bool) -> ()"

    @Test func theFunctionThatGrewComesFirstWithItsShares() throws {
        let first = try #require(diff.entries.first)
        #expect(first.name == Self.decode)
        // base: decode self 5 of 16. head: samples with decode's first address at the leaf weigh ×4
        // (3 → 12, 1 → 4; the other address stays 1), sort's 2 + 1 become 1 + 1: total 16 + 12 - 1 = 27.
        #expect(abs(first.baseSelfShare - 5.0 / 16) < 1e-12)
        #expect(abs(first.headSelfShare - 17.0 / 27) < 1e-12)
        #expect(abs(first.headCumulativeShare - 19.0 / 27) < 1e-12)  // plus the memmove sample under decode
        #expect(first.selfShareDelta > 0.3)
    }

    @Test func entriesAreSortedByAbsoluteChange() {
        let magnitudes = diff.entries.map(\.magnitude)
        #expect(magnitudes == magnitudes.sorted(by: >))
        let sort = diff.entries.first { $0.name == Self.sort }
        #expect((sort?.selfShareDelta ?? 0) < 0)
    }

    @Test func aProfileComparedWithItselfHasNoChanges() {
        let same = ProfileDiff(base: SyntheticProfiles.profile, head: SyntheticProfiles.profile)
        #expect(same.entries.allSatisfy { $0.magnitude == 0 })
        #expect(same.entries.count == 9)
    }

    @Test func functionsOnlyInOneProfileHaveZeroShareInTheOther() {
        var head = SyntheticProfiles.profile
        head.frames.append(Frame(address: 1, mappingIndex: nil, function: "newHotPath", mangledName: "newHotPath", module: "MusicBot"))
        head.samples.append(Sample(stack: [head.frames.count - 1, 0], weight: 4, threadID: 100))
        let entry = ProfileDiff(base: SyntheticProfiles.profile, head: head).entries.first { $0.name == "newHotPath" }
        #expect(entry?.baseSelfShare == 0)
        #expect(entry?.headSelfShare == 0.2)
    }

    @Test func theTableMatchesItsGoldenCopy() throws {
        try Golden.check(diff.table(limit: 5), named: "diff.txt")
    }

    @Test func theDifferentialFlameGraphMatchesItsGoldenCopy() throws {
        try Golden.check(diff.flameGraph(), named: "diff.svg")
    }

    @Test func grownFramesAreRedAndShrunkenFramesBlue() {
        let svg = diff.flameGraph()
        func fill(_ name: String) -> String? {
            guard let group = svg.range(of: "data-name=\"\(FlameGraphRenderer.escape(name))\"") else { return nil }
            let rest = svg[group.upperBound...]
            guard let start = rest.range(of: "fill=\"rgb(") else { return nil }
            return String(rest[start.upperBound...].prefix { $0 != ")" })
        }
        let grew = fill(Self.decode)?.split(separator: ",").compactMap { Int($0) }
        let shrank = fill(Self.sort)?.split(separator: ",").compactMap { Int($0) }
        #expect(grew?.first == 245 && (grew?[1] ?? 255) < 245, "decode grew: \(String(describing: grew))")
        #expect(shrank?.last == 245 && (shrank?[0] ?? 255) < 245, "sort shrank: \(String(describing: shrank))")
        #expect(svg.contains("base 31.25% → head"))
    }
}
