#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a whole input file that a user named (a profile, a benchmark report), with a ceiling, so a
/// device or an endless stream gets an error naming it instead of filling memory.
public enum InputFile {
    /// Reads every byte of `path` with `open(2)` and `read(2)`, retrying on `EINTR`. Pipes, character
    /// devices, `/dev/stdin` and `/proc/self/fd/N` read like files.
    ///
    /// ```swift
    /// let bytes = try InputFile.read("run.sonoraprofile", limit: 1 << 30, kind: "profile file")
    /// ```
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - limit: The most bytes accepted. A regular file larger than this is refused before it is read;
    ///     a stream (`/dev/zero`, a pipe) is refused once it has given more without ending.
    ///   - kind: What the file should hold, for messages, for example `"profile file"`.
    /// - Returns: The contents.
    /// - Throws: ``SystemError`` whose message starts `cannot read <path>: `. The code is
    ///   `unreadableFile` when the file is missing, a folder or unreadable (the cause is the
    ///   ``Errno``), and `fileTooLarge` past `limit`.
    /// - Complexity: O(*n*) in the bytes read, at most `limit` plus one chunk.
    public static func read(_ path: String, limit: Int, kind: String) throws -> [UInt8] {
        let descriptor = try retrying("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(descriptor) }
        return try read(descriptor: descriptor, name: path, limit: limit, kind: kind)
    }

    /// Reads standard input to its end, as ``read(_:limit:kind:)`` reads a file; messages call it
    /// `standard input`.
    ///
    /// - Parameters:
    ///   - limit: The most bytes accepted.
    ///   - kind: What the input should hold, for messages.
    /// - Returns: The bytes.
    /// - Throws: ``SystemError`` as ``read(_:limit:kind:)``.
    public static func readStandardInput(limit: Int, kind: String) throws -> [UInt8] {
        try read(descriptor: 0, name: "standard input", limit: limit, kind: kind)
    }

    private static func read(descriptor: Int32, name path: String, limit: Int, kind: String) throws -> [UInt8] {
        var info = stat()
        let isRegular: Bool
        if fstat(descriptor, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR {
                throw SystemError(.unreadableFile, "cannot read \(path): it is a folder, not a \(kind)")
            }
            isRegular = info.st_mode & S_IFMT == S_IFREG
        } else {
            isRegular = false
        }
        if isRegular && info.st_size > limit {
            throw SystemError(
                .fileTooLarge,
                "cannot read \(path): it holds \(info.st_size) bytes, more than the \(byteText(limit)) a \(kind) may have")
        }
        var bytes: [UInt8] = []
        if isRegular && info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try retrying("read", path) {
                chunk.withUnsafeMutableBytes { buffer in
                    Glibc.read(descriptor, buffer.baseAddress!, min(buffer.count, limit - bytes.count + 1))
                }
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit {
                throw SystemError(
                    .fileTooLarge,
                    "cannot read \(path): it gave more than \(byteText(limit)) without ending, more than a \(kind) may have")
            }
        }
    }

    /// ``Syscall/retryingOnInterrupt(_:_:code:_:)``, with the failure worded as `cannot read <path>: <reason>`.
    private static func retrying<T: BinaryInteger>(_ call: String, _ path: String, _ body: () -> T) throws -> T {
        do {
            return try Syscall.retryingOnInterrupt(call, path, body)
        } catch let error as SystemError {
            let code = error.errno ?? Errno.current
            throw SystemError(.unreadableFile, "cannot read \(path): \(String(cString: strerror(code.rawValue)))", cause: code)
        }
    }

    /// `1 GiB`, `256 MiB`, `64 KiB` or `1000 bytes`.
    static func byteText(_ count: Int) -> String {
        for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] where count >= 1 << shift && count % (1 << shift) == 0 {
            return "\(count >> shift) \(unit)"
        }
        return "\(count) bytes"
    }
}
