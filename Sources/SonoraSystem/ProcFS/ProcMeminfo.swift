/// `Key: value kB` files such as `/proc/meminfo`, reduced to the fields in bytes.
public struct ProcMeminfo: Sendable, Hashable {
    /// Each field's value in bytes (a value without a unit is kept as it is).
    public var fields: [String: UInt64]

    public init(fields: [String: UInt64]) { self.fields = fields }

    /// Total usable RAM (`MemTotal`), in bytes.
    public var totalBytes: UInt64? { fields["MemTotal"] }
    /// Memory available for new work without swapping (`MemAvailable`), in bytes.
    public var availableBytes: UInt64? { fields["MemAvailable"] }

    /// Parses `Key:   123 kB` lines; lines of any other shape are skipped, so `/proc/self/status`
    /// parses too.
    /// - Complexity: O(n) in the length of `text`.
    public static func parse(_ text: String) -> ProcMeminfo {
        var fields: [String: UInt64] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let parts = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = parts.first, let value = UInt64(first) else { continue }
            let unit = parts.count > 1 ? parts[1].lowercased() : ""
            fields[String(line[..<colon])] = unit == "kb" ? value * 1024 : value
        }
        return ProcMeminfo(fields: fields)
    }

    /// Reads and parses `/proc/meminfo`.
    /// - Throws: ``SystemError`` `.unreadableFile`.
    public static func read(path: String = "/proc/meminfo") throws -> ProcMeminfo {
        parse(try ProcFile.read(path))
    }
}
