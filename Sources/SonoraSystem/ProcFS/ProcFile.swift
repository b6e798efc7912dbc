#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads and writes small pseudo-files under `/proc`, which report a size of zero and must be read
/// until end of file.
public enum ProcFile {
    /// Reads the whole file at `path` as UTF-8 text.
    ///
    /// Wraps `open(2)` and `read(2)` through ``Syscall``, retrying on `EINTR`.
    /// - Parameter path: The file to read, for example `/proc/self/status`.
    /// - Returns: The file's contents.
    /// - Throws: ``SystemError`` `.unreadableFile` naming the path, with the ``Errno`` as its cause.
    public static func read(_ path: String) throws -> String {
        let fd = try Syscall.retryingOnInterrupt("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = try Syscall.retryingOnInterrupt("read", path) {
                chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `text` to the file at `path` without creating or truncating it, as `/proc` files expect.
    ///
    /// Wraps `open(2)` and `write(2)` through ``Syscall``, retrying on `EINTR`.
    /// - Throws: ``SystemError`` `.unreadableFile` naming the path, with the ``Errno`` as its cause;
    ///   its message starts with the failing call.
    public static func write(_ text: String, to path: String) throws {
        let fd = try Syscall.retryingOnInterrupt("open", path) { open(path, O_WRONLY | O_CLOEXEC) }
        defer { close(fd) }
        var bytes = Array(text.utf8)
        try Syscall.retryingOnInterrupt("write", path) {
            bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// The names in the directory at `path`, without `.` and `..` (wraps `opendir(3)`/`readdir(3)`).
    /// - Throws: ``SystemError`` `.unreadableFile` naming the path, with the ``Errno`` as its cause.
    public static func list(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else {
            let error = Errno.current
            throw SystemError(.unreadableFile, "opendir \(path) failed: \(String(cString: strerror(error.rawValue)))", cause: error)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
