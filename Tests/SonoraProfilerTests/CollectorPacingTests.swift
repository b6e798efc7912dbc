import CSonoraSampler
import Foundation
@testable import SonoraProfiler
import Testing

@Suite("The collector's pacing")
struct CollectorPacingTests {
    @Test("An idle pool lets the collector sleep up to the longest interval")
    func idlePoolSleepsLonger() {
        var pacing = CollectorPacing(slotCount: 512)
        #expect(pacing.interval == CollectorPacing.initial)
        var intervals: [Int64] = []
        for _ in 0..<8 {
            pacing.update(drained: 1)
            intervals.append(pacing.interval)
        }
        #expect(intervals == intervals.sorted())
        #expect(pacing.interval == CollectorPacing.longest)
    }

    @Test("A backlog of half the warm slots shortens the sleep, down to the shortest")
    func backlogShortensTheSleep() {
        var pacing = CollectorPacing(slotCount: 512)
        for _ in 0..<8 { pacing.update(drained: 0) }
        let warm = Int(SONORA_POOL_WARM_SLOTS)
        pacing.update(drained: warm / 2)
        #expect(pacing.interval == CollectorPacing.longest / 4)
        for _ in 0..<8 { pacing.update(drained: warm) }
        #expect(pacing.interval == CollectorPacing.shortest)
        // Between a quarter and a half of the warm slots: keep the interval.
        pacing.update(drained: warm / 4 + 1)
        #expect(pacing.interval == CollectorPacing.shortest)
    }

    @Test("A small pool counts an eighth of its slots as a backlog")
    func smallPoolHurriesEarlier() {
        var pacing = CollectorPacing(slotCount: 64)
        pacing.update(drained: 8)
        #expect(pacing.interval == CollectorPacing.initial / 4)
    }

    @Test("A new thread makes the collector hurry")
    func newThreadHurries() {
        var pacing = CollectorPacing(slotCount: 512)
        for _ in 0..<8 { pacing.update(drained: 0) }
        pacing.hurry()
        #expect(pacing.interval == CollectorPacing.shortest)
    }
}

extension SamplerTests {
    @Test("A session records the collector thread's CPU time per sample, and a thread started late is sampled")
    func collectorCostIsRecorded() throws {
        let profiler = PerformanceProfiler(configuration: .init(mode: .cpu, frequency: 1000, resetPeakMemory: false))
        try SamplerTestSupport.start(profiler)
        // Let the pacing reach its longest sleep before the thread appears.
        usleep(300_000)
        let ids = SamplerThreadIDs()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            ids.record("late")
            SamplerClock.burnCPU(seconds: 0.3) { samplerSink &+= samplerSplitShort(5_000) }
            finished.signal()
        }
        thread.start()
        finished.wait()
        let result = try profiler.stopRaw()
        let tid = try #require(ids.id(of: "late"))
        let mine = result.samples.filter { $0.threadID == tid }
        #expect(mine.count > 20, "\(mine.count) samples of 0.3 s CPU")
        #expect(mine.filter { $0.walker == .libunwindRemote }.count * 10 >= mine.count * 9)
        let perSample = try #require(result.health.collectorCPUNanosPerSample)
        #expect(perSample > 0)
    }
}
