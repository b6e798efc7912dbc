#if canImport(Glibc)
import Glibc
#endif

/// Resident-memory figures for a session: RSS at start, VmHWM reset and read at stop.
enum SessionMemory {
    /// `VmRSS` and `VmHWM` from `/proc/self/status`, in KiB.
    static func read() -> (rssKiB: Int, hwmKiB: Int)? {
        guard let text = ThreadDirectory.readSmallFile("/proc/self/status") else { return nil }
        return parseStatus(text)
    }

    /// Parses `VmRSS:` and `VmHWM:` from `/proc/<pid>/status` text.
    static func parseStatus(_ text: String) -> (rssKiB: Int, hwmKiB: Int)? {
        var rss: Int?
        var hwm: Int?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("VmRSS:") { rss = kilobytes(line) }
            if line.hasPrefix("VmHWM:") { hwm = kilobytes(line) }
        }
        guard let rss, let hwm else { return nil }
        return (rss, hwm)
    }

    private static func kilobytes(_ line: Substring) -> Int? {
        line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
    }

    /// Resets the process's VmHWM to its current RSS by writing `5` to `/proc/self/clear_refs`.
    /// - Returns: `false` when the file is not writable.
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var five: UInt8 = 0x35
        return write(fd, &five, 1) == 1
    }
}
