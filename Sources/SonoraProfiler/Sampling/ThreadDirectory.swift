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

    /// The thread's name from `/proc/self/task/<tid>/comm`, or `""` when it has exited.
    static func name(of tid: Int32) -> String {
        guard let text = readSmallFile("/proc/self/task/\(tid)/comm") else { return "" }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// The mapping of `/proc/self/maps` that contains `address`: the thread's stack when
    /// `address` is its stack pointer (`[stack]` for the main thread).
    /// - Returns: The mapping's `[low, high)` range, or `nil`.
    /// - Complexity: O(mappings).
    static func mapping(containing address: UInt64) -> (low: UInt64, high: UInt64)? {
        guard let region = (try? ProcMaps.readSelf())?.region(containing: address) else { return nil }
        return (region.start, region.end)
    }

    /// Reads a small `/proc` file (they report size 0, so read until EOF).
    static func readSmallFile(_ path: String, limit: Int = 1 << 20) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
