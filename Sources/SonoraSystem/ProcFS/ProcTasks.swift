/// The threads of this process, from `/proc/self/task`.
public enum ProcTasks {
    /// The kernel thread ids of every thread of this process.
    /// - Parameter directory: The task directory; `/proc/self/task` unless testing.
    /// - Returns: Thread ids in ascending order.
    /// - Throws: ``SystemError`` `.unreadableFile` when the directory cannot be listed, or
    ///   `.malformedProcFile` when an entry is not a thread id.
    public static func threadIDs(directory: String = "/proc/self/task") throws -> [Int32] {
        let names = try ProcFile.list(directory)
        return try names.map { name in
            guard let id = Int32(name), id > 0 else {
                throw SystemError.malformedProc(path: directory, lineNumber: nil, line: name, reason: "entry is not a thread id")
            }
            return id
        }.sorted()
    }

    /// The name of thread `id` from `/proc/self/task/<id>/comm` (at most 15 bytes, as
    /// `pthread_setname_np` set it), or `nil` when the thread has exited.
    /// - Parameters:
    ///   - id: A kernel thread id of this process.
    ///   - directory: The task directory; `/proc/self/task` unless testing.
    public static func threadName(_ id: Int32, directory: String = "/proc/self/task") -> String? {
        guard let text = try? ProcFile.read("\(directory)/\(id)/comm") else { return nil }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
