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

    /// Whether thread `tid` blocks `signal`, from the `SigBlk:` mask in
    /// `/proc/self/task/<tid>/status`. A thread that blocks the sampling signal is never sampled
    /// (libdispatch's workers block every signal but a few, SIGPROF among them).
    /// - Returns: `nil` when the thread is gone or the file has no readable mask.
    static func blocksSignal(_ tid: Int32, _ signal: Int32) -> Bool? {
        let fd = open("/proc/self/task/\(tid)/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            filled += got
        }
        return signalMask(named: "SigBlk", in: bytes[..<filled]).map { mask in
            signal >= 1 && signal <= 64 && mask & (1 << UInt64(signal - 1)) != 0
        }
    }

    /// The hexadecimal mask on the `name:` line of a `/proc/<pid>/status` text.
    static func signalMask(named name: String, in status: ArraySlice<UInt8>) -> UInt64? {
        let key = Array((name + ":").utf8)
        var lineStart = status.startIndex
        while lineStart < status.endIndex {
            let lineEnd = status[lineStart...].firstIndex(of: 10) ?? status.endIndex
            let line = status[lineStart..<lineEnd]
            if line.starts(with: key) {
                let digits = line.dropFirst(key.count).drop { $0 == 9 || $0 == 32 }
                guard !digits.isEmpty, digits.count <= 16 else { return nil }
                return UInt64(String(decoding: digits, as: UTF8.self), radix: 16)
            }
            lineStart = lineEnd + 1
        }
        return nil
    }
}
