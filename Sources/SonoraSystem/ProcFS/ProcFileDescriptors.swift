/// The open file descriptors of a process, from `/proc/<pid>/fd`.
public enum ProcFileDescriptors {
    /// One open descriptor and what it points at.
    public struct Entry: Sendable, Hashable {
        /// The descriptor number.
        public var fd: Int32
        /// The link target: an absolute path, or a pseudo-name such as `socket:[1234]` or `pipe:[5678]`.
        public var target: String
    }

    /// Every open descriptor with its link target, in ascending order. Descriptors closed while
    /// listing are left out.
    /// - Parameter directory: The fd directory; `/proc/self/fd` unless testing.
    /// - Throws: ``SystemError`` when the directory cannot be listed or an entry is not a number.
    public static func entries(directory: String = "/proc/self/fd") throws -> [Entry] {
        try ProcFile.list(directory).compactMap { name -> Entry? in
            guard let fd = Int32(name), fd >= 0 else {
                throw SystemError.malformedProc(path: directory, lineNumber: nil, line: name, reason: "entry is not a descriptor number")
            }
            guard let target = try? Syscall.readLink("\(directory)/\(name)") else { return nil }
            return Entry(fd: fd, target: target)
        }.sorted { $0.fd < $1.fd }
    }

    /// The absolute paths of regular files among the open descriptors, as psutil's
    /// `Process.open_files()` defines them: the target starts with `/` and `stat` says it is a
    /// regular file.
    /// - Parameter entries: What ``entries(directory:)`` returned.
    public static func regularFiles(among entries: [Entry]) -> [String] {
        entries.filter { $0.target.hasPrefix("/") && Syscall.isRegularFile($0.target) }.map(\.target)
    }
}
