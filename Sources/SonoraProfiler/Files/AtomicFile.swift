import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a crash never leaves half a file: a temporary file in the same folder, then `rename(2)`.
///
/// Every saved file of Sonora (profiles, benchmark reports) goes through this one writer. What
/// happens depends on what the destination is now:
///
/// | destination | what the writer does |
/// |---|---|
/// | nothing (a new path) | temporary file, then rename |
/// | a regular file | temporary file, then rename over it |
/// | a symbolic link to a regular file, or to nothing in an existing folder | the same at the link's target; the link stays |
/// | a character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe) | writes through it, in place, and reports a short write (`/dev/full`) |
/// | a folder, a block device, a socket, a dangling link chain | refuses, with a message naming the path |
///
/// A rename never replaces anything but a regular file, so `-o /dev/null` run as root cannot
/// replace the machine's `/dev/null`.
public enum AtomicFile {
    /// Writes `data` to `url`: atomically for files, in place for devices and FIFOs.
    ///
    /// - Parameters:
    ///   - data: The complete file contents.
    ///   - url: The destination; its folder must exist.
    /// - Throws: ``ProfilerError`` `.systemCall` naming the file when the destination is a kind of
    ///   file this writer refuses, or when it cannot be written or renamed.
    public static func write(_ data: Data, to url: URL) throws {
        switch try Destination(url.path) {
        case .file(let path):
            try replace(path, with: data, named: url.path)
        case .stream(let path):
            try writeThrough(path, data, named: url.path)
        }
    }

    /// Checks, without writing anything, that ``write(_:to:)`` could write `url` now: what is there
    /// is a kind of file this writer accepts, and the folder of a new or regular file exists and can
    /// be written in. A command that runs for a long time before it writes (`sonora record`) calls
    /// this first, so a bad path is found before the work, not after.
    ///
    /// - Parameter url: The destination.
    /// - Throws: ``ProfilerError`` `.systemCall` naming the file, as ``write(_:to:)`` would.
    public static func checkWritable(_ url: URL) throws {
        switch try Destination(url.path) {
        case .file(let path):
            let directory = try existingFolder(of: path, named: url.path)
            guard access(directory.path, W_OK | X_OK) == 0 else {
                throw failure(url.path, "cannot write in its folder \(directory.path)", errno)
            }
        case .stream(let path):
            guard access(path, W_OK) == 0 else { throw failure(url.path, "cannot open it for writing", errno) }
        }
    }

    /// The folder a new or regular file at `path` goes in.
    /// - Throws: ``ProfilerError`` naming `name` when that folder does not exist.
    private static func existingFolder(of path: String, named name: String) throws -> URL {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ProfilerError(.systemCall, "cannot write \(name): the folder \(directory.path) does not exist")
        }
        return directory
    }

    /// Where the bytes go once links are followed.
    enum Destination: Equatable {
        /// A regular file or a new path: written by rename.
        case file(String)
        /// A character device or a FIFO: written in place.
        case stream(String)

        /// Classifies `path`, following symbolic links (at most 32) to what they name.
        init(_ path: String) throws {
            var current = path
            for _ in 0 ..< 32 {
                var info = stat()
                if lstat(current, &info) != 0 {
                    let code = errno
                    guard code == ENOENT else { throw AtomicFile.failure(path, "cannot inspect it", code) }
                    self = .file(current)
                    return
                }
                switch info.st_mode & S_IFMT {
                case S_IFREG:
                    self = .file(current)
                    return
                case S_IFCHR, S_IFIFO:
                    self = .stream(current)
                    return
                case S_IFLNK:
                    // /dev/stdout and /proc/self/fd/N name pipes as "pipe:[N]", which is no path:
                    // a link to a device or FIFO is opened through the link itself.
                    var target = stat()
                    if stat(current, &target) == 0, [S_IFCHR, S_IFIFO].contains(target.st_mode & S_IFMT) {
                        self = .stream(current)
                        return
                    }
                    current = try AtomicFile.linkTarget(current, named: path)
                case S_IFDIR:
                    throw ProfilerError(.systemCall, "cannot write \(path): it is a folder")
                case S_IFBLK:
                    throw ProfilerError(.systemCall, "cannot write \(path): it is a block device, which Sonora never overwrites")
                default:
                    throw ProfilerError(.systemCall, "cannot write \(path): it is a socket or another special file, not a regular file, device or FIFO")
                }
            }
            throw ProfilerError(.systemCall, "cannot write \(path): too many levels of symbolic links")
        }
    }

    /// The path a symbolic link points to, made absolute against the link's folder.
    private static func linkTarget(_ link: String, named name: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(link, &buffer, buffer.count - 1)
        guard count >= 0 else { throw failure(name, "cannot read the symbolic link \(link)", errno) }
        let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if target.hasPrefix("/") { return target }
        return URL(fileURLWithPath: link).deletingLastPathComponent().appendingPathComponent(target).path
    }

    /// A temporary file next to `path`, then a rename over it.
    private static func replace(_ path: String, with data: Data, named name: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = try existingFolder(of: path, named: name)
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        do {
            try data.write(to: temporary, options: .withoutOverwriting)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ProfilerError(.systemCall, "cannot write \(name): \(error.localizedDescription)", cause: error)
        }
        // The destination may have changed since it was classified; rename only over a regular file.
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            try? FileManager.default.removeItem(at: temporary)
            throw ProfilerError(.systemCall, "cannot write \(name): it stopped being a regular file while it was written")
        }
        if rename(temporary.path, path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw failure(name, "cannot move the finished file into place at \(path)", code)
        }
    }

    /// Opens an existing device or FIFO for writing and writes every byte, retrying on `EINTR`.
    private static func writeThrough(_ path: String, _ data: Data, named name: String) throws {
        let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(name, "cannot open it for writing", errno) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure(name, "the write failed after \(offset) of \(buffer.count) bytes", errno)
                }
                if written == 0 {
                    throw ProfilerError(.systemCall, "cannot write \(name): the device accepted only \(offset) of \(buffer.count) bytes")
                }
                offset += written
            }
        }
    }

    static func failure(_ name: String, _ what: String, _ code: Int32) -> ProfilerError {
        ProfilerError(.systemCall, "cannot write \(name): \(what): \(String(cString: strerror(code)))")
    }
}

/// `write(2)`, under a name the static `AtomicFile.write` does not shadow.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
