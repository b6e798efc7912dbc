import Foundation
import SonoraSystem
import Testing
@testable import SonoraProfiler

/// `PeakMemory.end` and `usage` build the profiler's `MemoryUsage`, so they stay with the profiler;
/// the `/proc` parsing under them is tested in SonoraSystemTests.
@Suite struct PeakMemoryUsageTests {
    @Test func aPeakThatWasNotResetIsReportedAsProcessLifetime() throws {
        let baseline = try PeakMemory.begin(resetPeak: false)
        let usage = try PeakMemory.end(baseline)
        #expect(usage.peakIsSessionLocal == false)
        #expect(usage.peakMB >= usage.rssAtEndMB)
        #expect(usage.peakMB >= usage.rssAtStartMB)
    }

    @Test func usageCombinesTheBaselineWithTheEndReading() {
        let end = ProcStatus(vmRSSKiB: 2048, vmHWMKiB: 10240, threads: 3)
        let usage = PeakMemory.usage(baseline: .init(rssKiB: 1024, peakWasReset: true), end: end)
        #expect(usage == MemoryUsage(rssAtStartMB: 1, peakMB: 10, rssAtEndMB: 2, peakIsSessionLocal: true))
    }

}
