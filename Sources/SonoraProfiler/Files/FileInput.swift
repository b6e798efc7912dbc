import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole input file with `open(2)` and `read(2)`, so pipes, `/dev/stdin` and
/// `/proc/self/fd/N` read like files, and failures name the file and the system's reason.
enum FileInput {
    /// Reads every byte of `path`, retrying on `EINTR`.
    ///
    /// - Parameter path: The file; a FIFO or character device is read to its end.
    /// - Returns: The contents.
    /// - Throws: ``ProfilerError`` `.unreadableFile` naming `path`: missing, a folder, no permission.
    /// - Complexity: O(file size).
    static func read(_ path: String) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, errno) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw ProfilerError(.unreadableFile, "cannot read \(path): it is a folder, not a profile file")
        }
        var data = Data()
        if info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 { data.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: chunk[..<count])
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> ProfilerError {
        ProfilerError(.unreadableFile, "cannot read \(path): \(String(cString: strerror(code)))")
    }
}

/// `read(2)`, under a name the static `FileInput.read` does not shadow.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
