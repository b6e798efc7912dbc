#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Measures a session's resident memory: RSS at start, the high-water mark, and RSS at end.
///
/// The kernel keeps one high-water mark (`VmHWM`) per process. Writing `5` to
/// `/proc/self/clear_refs` resets it to the current RSS, so a peak read at stop belongs to the
/// session. When that file cannot be written (old kernels, some containers) the peak is the
/// process-lifetime one, and ``Baseline/peakWasReset`` says so.
public enum PeakMemory {
    /// What was read when a session started.
    public struct Baseline: Sendable, Hashable {
        /// `VmRSS` at start, in KiB.
        public var rssKiB: Int
        /// Whether `VmHWM` was reset at start.
        public var peakWasReset: Bool

        public init(rssKiB: Int, peakWasReset: Bool) {
            self.rssKiB = rssKiB
            self.peakWasReset = peakWasReset
        }
    }

    /// Resets the process's `VmHWM` to its current RSS by writing `5` to `clear_refs`.
    ///
    /// This is process-wide: anyone else reading `VmHWM` sees the reset too.
    /// - Parameter path: The file to write; `/proc/self/clear_refs` unless testing.
    /// - Returns: `true` when the reset happened; `false` when the file does not exist or may not
    ///   be written (`ENOENT`, `EACCES`, `EPERM`, `EROFS`, `EINVAL`).
    /// - Throws: ``SystemError`` `.unreadableFile` for any other failure.
    @discardableResult
    public static func reset(path: String = "/proc/self/clear_refs") throws -> Bool {
        do {
            try ProcFile.write("5", to: path)
            return true
        } catch let error as SystemError {
            if let cause = error.errno,
                [.noSuchFileOrDirectory, .permissionDenied, .notPermitted, .readOnlyFileSystem, .invalidArgument]
                    .contains(cause)
            {
                return false
            }
            throw error
        }
    }

    /// Reads RSS and, if asked, resets the high-water mark: call at session start.
    /// - Parameters:
    ///   - resetPeak: Whether to reset `VmHWM` (see ``reset(path:)``).
    ///   - statusPath: The status file; `/proc/self/status` unless testing.
    ///   - clearRefsPath: The reset file; `/proc/self/clear_refs` unless testing.
    /// - Returns: The baseline to compare the end reading with.
    /// - Throws: ``SystemError`` when the status file cannot be read or parsed.
    public static func begin(
        resetPeak: Bool, statusPath: String = "/proc/self/status", clearRefsPath: String = "/proc/self/clear_refs"
    ) throws -> Baseline {
        let status = try ProcStatus.read(path: statusPath)
        let wasReset = resetPeak ? ((try? reset(path: clearRefsPath)) ?? false) : false
        return Baseline(rssKiB: status.vmRSSKiB, peakWasReset: wasReset)
    }
}
