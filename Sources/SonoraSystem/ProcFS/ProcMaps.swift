/// The memory map of a process from `/proc/<pid>/maps`: one ``Region`` per line, sorted by address.
public struct ProcMaps: Sendable, Hashable {
    /// One mapped address range.
    public struct Region: Sendable, Hashable {
        /// First address of the range.
        public var start: UInt64
        /// One past the last address of the range.
        public var end: UInt64
        /// Permissions as the kernel prints them, for example `r-xp`.
        public var permissions: String
        /// Offset of `start` in the mapped file.
        public var offset: UInt64
        /// Device as `major:minor` in hex.
        public var device: String
        public var inode: UInt64
        /// The mapped file, a pseudo-name such as `[stack]` or `[vdso]`, or `""` for anonymous memory.
        public var path: String

        public init(start: UInt64, end: UInt64, permissions: String, offset: UInt64, device: String, inode: UInt64, path: String) {
            self.start = start
            self.end = end
            self.permissions = permissions
            self.offset = offset
            self.device = device
            self.inode = inode
            self.path = path
        }

        /// Whether the range can be executed (`x` in the permissions).
        public var isExecutable: Bool { permissions.dropFirst(2).first == "x" }
        /// Whether the range maps a file rather than anonymous memory or a pseudo-region.
        public var isFileBacked: Bool { path.hasPrefix("/") }
        /// Whether `address` lies in the range.
        public func contains(_ address: UInt64) -> Bool { start <= address && address < end }
    }

    /// The regions in address order.
    public var regions: [Region]

    public init(regions: [Region]) {
        self.regions = regions.sorted { $0.start < $1.start }
    }

    /// The region containing `address`, if any.
    /// - Complexity: O(log n) in the number of regions.
    public func region(containing address: UInt64) -> Region? {
        var low = 0
        var high = regions.count
        while low < high {
            let middle = (low + high) / 2
            if regions[middle].start <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0, regions[low - 1].contains(address) else { return nil }
        return regions[low - 1]
    }

    /// Parses the text of a `/proc/<pid>/maps` file.
    ///
    /// Each line reads `start-end perms offset dev inode [path]`; the path may contain spaces and
    /// may end in ` (deleted)`, which is kept.
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - path: The file's name, used in error messages.
    /// - Throws: ``SystemError`` `.malformedProcFile` naming `path`, the line number and the field.
    /// - Complexity: O(n) in the length of `text`.
    public static func parse(_ text: String, path: String = "/proc/self/maps") throws -> ProcMaps {
        var regions: [Region] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            func fail(_ reason: String) -> SystemError {
                SystemError.malformedProc(path: path, lineNumber: index + 1, line: String(line), reason: reason)
            }
            var rest = line[...]
            func nextField() -> Substring? {
                rest = rest.drop { $0 == " " }
                guard !rest.isEmpty else { return nil }
                let field = rest.prefix { $0 != " " }
                rest = rest[field.endIndex...]
                return field
            }
            guard let range = nextField(), let permissions = nextField(), let offset = nextField(),
                let device = nextField(), let inode = nextField()
            else { throw fail("expected at least 5 fields") }
            let bounds = range.split(separator: "-")
            guard bounds.count == 2, let start = UInt64(bounds[0], radix: 16), let end = UInt64(bounds[1], radix: 16),
                start <= end
            else { throw fail("address range \"\(range)\" is not start-end in hex") }
            guard permissions.count == 4 else { throw fail("permissions \"\(permissions)\" are not 4 characters") }
            guard let offsetValue = UInt64(offset, radix: 16) else { throw fail("offset \"\(offset)\" is not hex") }
            guard device.contains(":") else { throw fail("device \"\(device)\" is not major:minor") }
            guard let inodeValue = UInt64(inode) else { throw fail("inode \"\(inode)\" is not a number") }
            let mappedPath = String(rest.drop { $0 == " " })
            regions.append(
                Region(
                    start: start, end: end, permissions: String(permissions), offset: offsetValue,
                    device: String(device), inode: inodeValue, path: mappedPath))
        }
        return ProcMaps(regions: regions)
    }

    /// Reads and parses `/proc/self/maps`.
    /// - Throws: ``SystemError`` `.unreadableFile` or `.malformedProcFile`.
    public static func readSelf() throws -> ProcMaps {
        try parse(ProcFile.read("/proc/self/maps"), path: "/proc/self/maps")
    }
}
