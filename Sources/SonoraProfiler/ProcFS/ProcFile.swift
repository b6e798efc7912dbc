#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads and writes small pseudo-files under `/proc`, which report a size of zero and must be read
/// until end of file.
enum ProcFile {
    /// Reads the whole file at `path` as UTF-8 text.
    ///
    /// Wraps `open(2)` and `read(2)`, retrying on `EINTR`.
    /// - Parameter path: The file to read, for example `/proc/self/status`.
    /// - Returns: The file's contents.
    /// - Throws: ``ProfilerError`` `.unreadableFile` naming the path and the `errno`.
    static func read(_ path: String) throws -> String {
        let fd = try retryingOnInterrupt(path: path, operation: "open") { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = try retryingOnInterrupt(path: path, operation: "read") {
                chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `text` to the file at `path` without creating or truncating it, as `/proc` files expect.
    ///
    /// Wraps `open(2)` and `write(2)`, retrying on `EINTR`.
    /// - Throws: ``ProfilerError`` `.unreadableFile` naming the path and the `errno`; its message
    ///   starts with the failing operation.
    static func write(_ text: String, to path: String) throws {
        let fd = try retryingOnInterrupt(path: path, operation: "open") { open(path, O_WRONLY | O_CLOEXEC) }
        defer { close(fd) }
        var bytes = Array(text.utf8)
        _ = try retryingOnInterrupt(path: path, operation: "write") {
            bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// The `errno` of the last failed call in ``read(_:)`` or ``write(_:to:)``, kept in the error's cause.
    struct SystemError: Error, Sendable, CustomStringConvertible {
        var errno: Int32
        var description: String { "errno \(errno): \(String(cString: strerror(errno)))" }
    }

    private static func retryingOnInterrupt<T: BinaryInteger>(
        path: String, operation: String, _ body: () -> T
    ) throws -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw ProfilerError(
                .unreadableFile, "\(operation) \(path) failed: \(String(cString: strerror(code)))",
                cause: SystemError(errno: code))
        }
    }
}
