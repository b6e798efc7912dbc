#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A file mapped read-only into memory; the one place the symbolizer holds a raw pointer.
///
/// The mapping lives as long as the object, and bytes are reached only through bounds-checked
/// reads, so a truncated or corrupt file yields an error, never a crash.
///
/// `@unchecked Sendable` is safe: every stored property is a `let`, the memory is mapped
/// read-only (`PROT_READ`, `MAP_PRIVATE`) and is unmapped only in `deinit`.
final class MappedFile: @unchecked Sendable {
    let path: String
    private let base: UnsafeRawPointer?
    let count: Int
    /// Whether `deinit` unmaps the bytes (false for memory the process already had, like the vDSO).
    private let ownsMapping: Bool

    /// Maps the file at `path`.
    ///
    /// Wraps `open(2)`, `fstat(2)` and `mmap(2)`.
    /// - Throws: ``ProfilerError`` `.unreadableFile` naming the path and the failing call.
    init(path: String) throws {
        self.path = path
        ownsMapping = true
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Self.failure("fstat", path) }
        count = Int(info.st_size)
        if count == 0 {
            base = nil
            return
        }
        guard let pointer = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else {
            throw Self.failure("mmap", path)
        }
        base = UnsafeRawPointer(pointer)
    }

    /// Wraps memory that stays mapped for the life of the process, such as the vDSO's ELF image.
    /// - Parameters:
    ///   - name: What error messages call it, for example `[vdso]`.
    ///   - memory: The bytes; never unmapped by this object.
    init(name: String, borrowing memory: UnsafeRawBufferPointer) {
        path = name
        base = memory.baseAddress
        count = memory.count
        ownsMapping = false
    }

    deinit {
        if ownsMapping, let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// Whether `count` bytes starting at `offset` lie inside the file.
    func contains(offset: Int, count length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    /// Reads a little-endian integer at `offset`.
    /// - Throws: ``ProfilerError`` `.malformedObjectFile` when the read would pass the end of the file.
    func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) throws -> T {
        guard let base, contains(offset: offset, count: MemoryLayout<T>.size) else {
            throw ProfilerError(
                .malformedObjectFile, "\(path): read of \(MemoryLayout<T>.size) bytes at offset \(offset) passes the end of the \(count)-byte file")
        }
        return T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Calls `body` with the bytes in `offset ..< offset + length`.
    /// - Throws: ``ProfilerError`` `.malformedObjectFile` when the range passes the end of the file.
    func withBytes<R>(offset: Int, count length: Int, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard contains(offset: offset, count: length) else {
            throw ProfilerError(
                .malformedObjectFile, "\(path): range \(offset)+\(length) passes the end of the \(count)-byte file")
        }
        guard let base else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + offset, count: length))
    }

    /// The NUL-terminated string at `offset`, bounded by `limit` (an offset into the file).
    func cString(at offset: Int, limit: Int) -> String? {
        guard let base, offset >= 0, offset < min(limit, count) else { return nil }
        let end = min(limit, count)
        let start = base + offset
        guard let terminator = memchr(start, 0, end - offset) else { return nil }
        let length = UnsafeRawPointer(terminator) - start
        return String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
    }

    private static func failure(_ call: String, _ path: String) -> ProfilerError {
        let code = errno
        return ProfilerError(.unreadableFile, "\(call) \(path) failed: \(String(cString: strerror(code)))")
    }
}
