import Foundation
import SonoraSystem

/// Reads a whole profile file through ``InputFile`` (so pipes, `/dev/stdin` and `/proc/self/fd/N` read
/// like files), with failures as ``ProfilerError`` naming the file.
enum FileInput {
    /// Reads every byte of `path`.
    ///
    /// - Parameters:
    ///   - path: The file; a FIFO or character device is read to its end.
    ///   - limit: The most bytes accepted.
    /// - Returns: The contents.
    /// - Throws: ``ProfilerError`` `.unreadableFile` naming `path`: missing, a folder, no permission,
    ///   or larger than `limit`.
    /// - Complexity: O(file size).
    static func read(_ path: String, limit: Int = Profile.maxFileBytes) throws -> Data {
        do {
            return Data(try InputFile.read(path, limit: limit, kind: "profile file"))
        } catch let error as SystemError {
            throw ProfilerError(.unreadableFile, error.message, cause: error.cause)
        }
    }
}

extension Profile {
    /// The largest profile file read: 1 GiB, far above any saved session, so that `/dev/zero` or an
    /// endless pipe is refused instead of filling memory.
    public static let maxFileBytes = 1 << 30
}
