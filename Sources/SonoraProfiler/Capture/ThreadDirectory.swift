import SonoraSystem
#if canImport(Glibc)
import Glibc
#endif

/// Reads the process's threads and their stacks from `/proc/self`.
enum ThreadDirectory {
    /// The kernel ids of every thread of this process, from `/proc/self/task`.
    /// - Complexity: O(threads).
    static func threadIDs() -> [Int32] {
        guard let directory = opendir("/proc/self/task") else { return [] }
        defer { closedir(directory) }
        var ids: [Int32] = []
        while let entry = readdir(directory) {
            let id = withUnsafeBytes(of: entry.pointee.d_name) { raw -> Int32? in
                var value: Int32 = 0
                var any = false
                for byte in raw {
                    if byte == 0 { break }
                    guard byte >= 48, byte <= 57 else { return nil }
                    value = value &* 10 &+ Int32(byte - 48)
                    any = true
                }
                return any ? value : nil
            }
            if let id { ids.append(id) }
        }
        return ids
    }

    /// The number of threads of this process, cheaply: the link count of `/proc/self/task` is
    /// two plus the thread count, and `stat` costs far less than listing the directory.
    /// - Returns: The count, or `nil` when `/proc` cannot be read.
    static func threadCount() -> Int? {
        var info = stat()
        guard stat("/proc/self/task", &info) == 0, info.st_nlink >= 2 else { return nil }
        return Int(info.st_nlink) - 2
    }

    /// The thread's name from `/proc/self/task/<tid>/comm`, or `""` when it has exited.
    static func name(of tid: Int32) -> String {
        ProcTasks.threadName(tid) ?? ""
    }

    /// The mapping of `/proc/self/maps` that contains `address`: the thread's stack when
    /// `address` is its stack pointer (`[stack]` for the main thread).
    /// - Returns: The mapping's `[low, high)` range, or `nil`.
    /// - Complexity: O(mappings).
    static func mapping(containing address: UInt64) -> (low: UInt64, high: UInt64)? {
        guard let region = (try? ProcMaps.readSelf())?.region(containing: address) else { return nil }
        return (region.start, region.end)
    }
}
