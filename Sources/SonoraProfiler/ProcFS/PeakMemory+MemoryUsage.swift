import SonoraSystem

extension PeakMemory {
    /// Reads `VmHWM` and `VmRSS` at session end and combines them with the baseline.
    /// - Parameters:
    ///   - baseline: What ``PeakMemory/begin(resetPeak:statusPath:clearRefsPath:)`` returned.
    ///   - statusPath: The status file; `/proc/self/status` unless testing.
    /// - Returns: The session's memory usage. The peak is at least the start and end RSS.
    /// - Throws: `SystemError` when the status file cannot be read or parsed.
    public static func end(_ baseline: Baseline, statusPath: String = "/proc/self/status") throws -> MemoryUsage {
        let status = try ProcStatus.read(path: statusPath)
        return usage(baseline: baseline, end: status)
    }

    /// Combines a baseline and an end reading into ``MemoryUsage``; the pure part of ``end(_:statusPath:)``.
    public static func usage(baseline: Baseline, end status: ProcStatus) -> MemoryUsage {
        let peakKiB = max(status.vmHWMKiB, baseline.rssKiB, status.vmRSSKiB)
        return MemoryUsage(
            rssAtStartMB: Double(baseline.rssKiB) / 1024, peakMB: Double(peakKiB) / 1024,
            rssAtEndMB: status.rssMB, peakIsSessionLocal: baseline.peakWasReset)
    }
}
