import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a crash never leaves half a file: a temporary file in the same folder, then `rename(2)`.
///
/// Every saved file of Sonora (profiles, benchmark reports) goes through this one writer.
public enum AtomicFile {
    /// Writes `data` to `url` atomically.
    ///
    /// - Parameters:
    ///   - data: The complete file contents.
    ///   - url: The destination; its folder must exist.
    /// - Throws: ``ProfilerError`` `.systemCall` naming the file when the temporary file cannot be
    ///   written or renamed.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ProfilerError(.systemCall, "cannot write \(url.path): the folder \(directory.path) does not exist")
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        do {
            try data.write(to: temporary)
        } catch {
            throw ProfilerError(.systemCall, "cannot write \(url.path): \(error.localizedDescription)", cause: error)
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw ProfilerError(.systemCall, "cannot move the finished file into place at \(url.path): \(String(cString: strerror(code)))")
        }
    }
}
