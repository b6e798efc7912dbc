import Foundation
import Testing
@testable import SonoraProfiler

@Suite struct AggregateByThreadTests {
    @Test func eachThreadAggregatesOnlyItsOwnSamples() throws {
        let byThread = ProfileAggregate.byThread(TableSnapshotTests.profile)
        #expect(Set(byThread.keys) == [100, 101])
        let main = try #require(byThread[100])
        let worker = try #require(byThread[101])
        #expect(main.totalSamples == 6)
        #expect(worker.totalSamples == 2)
        let walk = FunctionKey(name: "Demo.walk(Demo.Tree) -> ()", module: "Demo", file: "/src/Demo/Walk.swift")
        #expect(main.functions[walk] == nil)
        #expect(worker.functions[walk]?.selfSamples == 1)
        #expect(worker.functions[walk]?.totalSamples == 1)  // recursion counted once
        #expect(ProfileAggregate.weightedSamplesByThread(TableSnapshotTests.profile) == [100: 6, 101: 2])
    }

    @Test func functionsAtSeveralAddressesTakeTheirSmallestLine() throws {
        let parse = try #require(TableSnapshotTests.profile.functions.first { $0.name.hasPrefix("Demo.parse") })
        #expect(parse.line == 40)
        #expect(parse.totalSamples == 4)
    }
}
