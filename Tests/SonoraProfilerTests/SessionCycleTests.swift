import SonoraSystem
#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import SonoraProfiler
import Testing

extension SamplerTests {
    /// Counts entries of a `/proc/self` directory or lines of a file.
    private static func count(_ path: String) -> Int? {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: path) { return entries.count }
        return nil
    }

    private static func timerCount() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/timers", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").filter { $0.hasPrefix("ID:") }.count
    }

    @Test("10,000 start/stop cycles leak no memory, timers, threads or descriptors")
    func startStopCyclesDoNotLeak() throws {
        func cycles(_ count: Int) throws {
            for _ in 0..<count {
                let profiler = PerformanceProfiler(configuration: .init(frequency: 100, resetPeakMemory: false))
                try SamplerTestSupport.start(profiler)
                _ = try profiler.stopRaw()
            }
        }
        try cycles(500)
        let rssBefore = try ProcStatus.readSelf().vmRSSKiB
        let timersBefore = Self.timerCount()
        let fdsBefore = Self.count("/proc/self/fd") ?? 0
        try cycles(9_500)
        let rssAfter = try ProcStatus.readSelf().vmRSSKiB
        // Tolerance: 8 MiB, while other test targets run in this process. One leaked thread stack
        // page per cycle would be 37 MiB; one leaked 32 KiB pool slot per cycle 300 MiB.
        #expect(rssAfter - rssBefore < 8 * 1024, "RSS grew from \(rssBefore) KiB to \(rssAfter) KiB over 9,500 cycles")
        if let timersBefore, let timersAfter = Self.timerCount() {
            #expect(timersAfter <= timersBefore, "POSIX timers went from \(timersBefore) to \(timersAfter)")
        }
        let fdsAfter = Self.count("/proc/self/fd") ?? 0
        #expect(fdsAfter - fdsBefore < 20, "descriptors went from \(fdsBefore) to \(fdsAfter)")
    }

    @Test("Peak RSS reflects 200 MB touched inside the session and not 200 MB touched before it")
    func peakMemoryIsSessionLocal() throws {
        let size = 200 << 20
        func touch() {
            let block = malloc(size)!
            memset(block, 0x5A, size)
            free(block)  // glibc returns blocks this large to the kernel at once
        }
        touch()
        let before = PerformanceProfiler(configuration: .init(frequency: 10))
        try SamplerTestSupport.start(before)
        let quiet = try before.stop()
        try #require(quiet.memory.peakIsSessionLocal, "/proc/self/clear_refs is not writable here")
        #expect(quiet.memory.peakMB - quiet.memory.rssAtStartMB < 100,
                "a session after freeing 200 MB reported a peak of \(quiet.memory.peakMB) MB from \(quiet.memory.rssAtStartMB) MB")

        let during = PerformanceProfiler(configuration: .init(frequency: 10))
        try SamplerTestSupport.start(during)
        touch()
        let busy = try during.stop()
        #expect(busy.memory.peakMB - busy.memory.rssAtStartMB >= 190,
                "a session touching 200 MB reported a peak of \(busy.memory.peakMB) MB from \(busy.memory.rssAtStartMB) MB")
        #expect(busy.peakMemoryMB == busy.memory.peakMB)
    }
}
