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

    @Test("In CPU mode on few processors an idle pool lets the collector sleep longer, never past a quarter of the pool at the tick limit")
    func cpuModeSleepsLongerOnFewProcessors() {
        var twoProcessors = CollectorPacing(slotCount: 512, cpuModeProcessors: 2)
        for _ in 0..<12 { twoProcessors.update(drained: 1) }
        #expect(twoProcessors.interval == CollectorPacing.longestInCPUMode)
        // 128 slots at 250 signals per second on each of 4 processors: 128 ms.
        #expect(CollectorPacing(slotCount: 512, cpuModeProcessors: 4).longestInterval == 128_000_000)
        #expect(CollectorPacing(slotCount: 512, cpuModeProcessors: 64).longestInterval == CollectorPacing.longest)
        #expect(CollectorPacing(slotCount: 512).longestInterval == CollectorPacing.longest)
        // Half the warm slots keep it (wall mode would shorten); three quarters shorten it.
        let warm = Int(SONORA_POOL_WARM_SLOTS)
        twoProcessors.update(drained: warm / 2)
        #expect(twoProcessors.interval == CollectorPacing.longestInCPUMode)
        twoProcessors.update(drained: warm * 3 / 4)
        #expect(twoProcessors.interval == CollectorPacing.longestInCPUMode / 4)
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
    @Test("Samples taken while the collector sleeps its longest are all unwound, and its CPU per sample is recorded")
    func collectorCostIsRecorded() throws {
        let profiler = PerformanceProfiler(configuration: .init(mode: .cpu, frequency: 1000, resetPeakMemory: false))
        let tid = sonora_gettid()
        try SamplerTestSupport.start(profiler)
        usleep(300_000)  // idle: the pacing reaches its longest sleep
        SamplerClock.burnCPU(seconds: 0.3) { samplerSink &+= samplerSplitLong(5_000) }
        let result = try profiler.stopRaw()
        let mine = result.samples.filter { $0.threadID == tid }
        // Weighted: on a loaded machine expirations pile up while the thread waits for a core and
        // arrive as one signal with a larger overrun, so raw signals can be few.
        let weighted = mine.reduce(0) { $0 + $1.weight }
        #expect(weighted > 150, "\(weighted) weighted samples (\(mine.count) signals) of 0.3 s CPU at 1 kHz")
        #expect(mine.filter { $0.walker == .libunwindRemote }.count * 10 >= mine.count * 9)
        let perSample = try #require(result.health.collectorCPUNanosPerSample)
        #expect(perSample > 0)
    }
}
