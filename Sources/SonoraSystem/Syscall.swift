#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The one place Sonora calls into libc for files and processes: retries on `EINTR` and turns a
/// failure into a ``SystemError`` carrying the ``Errno``.
public enum Syscall {
    /// Runs `body` (a libc call returning `-1` and setting `errno` on failure) until it succeeds or
    /// fails with something other than `EINTR`.
    ///
    /// - Parameters:
    ///   - call: The C function's name, for the message, for example `"open"`.
    ///   - subject: What the call was about, usually a path, for the message.
    ///   - code: The error code to throw; ``SystemError/Code/unreadableFile`` for file access.
    ///   - body: The call.
    /// - Returns: The call's non-negative result.
    /// - Throws: ``SystemError`` whose message reads `<call> <subject> failed: <strerror>` and whose
    ///   ``SystemError/errno`` is the failure's ``Errno``.
    @discardableResult
    public static func retryingOnInterrupt<T: BinaryInteger>(
        _ call: String, _ subject: String, code: SystemError.Code = .unreadableFile, _ body: () -> T
    ) throws -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let error = Errno.current
            if error == .interrupted { continue }
            throw SystemError(
                code, "\(call) \(subject) failed: \(String(cString: strerror(error.rawValue)))", cause: error)
        }
    }

    /// The target of the symbolic link at `path` (wraps `readlink(2)`).
    /// - Throws: ``SystemError`` `.unreadableFile` naming the path and the ``Errno``.
    public static func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = try retryingOnInterrupt("readlink", path) {
            buffer.withUnsafeMutableBufferPointer { readlink(path, $0.baseAddress!, $0.count - 1) }
        }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `path` names a regular file, following symbolic links (wraps `stat(2)`); `false` when
    /// it cannot be stat'ed.
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        guard (try? retryingOnInterrupt("stat", path) { stat(path, &info) }) != nil else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The soft limit on open file descriptors (wraps `getrlimit(RLIMIT_NOFILE)`).
    /// - Throws: ``SystemError`` `.systemCall` with the ``Errno``.
    public static func openFileLimit() throws -> UInt64 {
        var limit = rlimit()
        try retryingOnInterrupt("getrlimit", "RLIMIT_NOFILE", code: .systemCall) {
            getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        return UInt64(limit.rlim_cur)
    }

    /// CPU time this process has used, user plus system, in seconds with nanosecond resolution
    /// (wraps `clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`).
    public static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Kernel clock ticks per second for `/proc/<pid>/stat` times (wraps `sysconf(_SC_CLK_TCK)`).
    public static var clockTicksPerSecond: Int { max(1, sysconf(Int32(_SC_CLK_TCK))) }

    /// The page size in bytes (wraps `sysconf(_SC_PAGESIZE)`).
    public static var pageSize: Int { max(1, sysconf(Int32(_SC_PAGESIZE))) }
}
