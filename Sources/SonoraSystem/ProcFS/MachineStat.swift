/// Machine-wide figures from `/proc/stat` and `/proc/loadavg`.
public struct MachineStat: Sendable, Hashable {
    /// Busy jiffies over all CPUs: every column of the `cpu` line but idle and iowait.
    public var busyJiffies: UInt64
    /// All jiffies over all CPUs (the first eight columns).
    public var totalJiffies: UInt64
    /// Boot time in seconds since the Unix epoch (`btime`), if present.
    public var bootTime: UInt64?

    /// Parses the aggregate `cpu` line and `btime` of `/proc/stat`.
    /// - Throws: ``SystemError`` `.malformedProcFile` when there is no `cpu` line with at least five numbers.
    /// - Complexity: O(n) in the length of `text`.
    public static func parse(_ text: String, path: String = "/proc/stat") throws -> MachineStat {
        var cpu: [UInt64]?
        var bootTime: UInt64?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("cpu ") {
                cpu = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
            } else if line.hasPrefix("btime ") {
                bootTime = UInt64(line.dropFirst(6))
            }
        }
        guard let values = cpu, values.count >= 5 else {
            throw SystemError.malformedProc(path: path, lineNumber: nil, line: nil, reason: "no \"cpu\" line with 5 or more numbers")
        }
        let total = values.prefix(8).reduce(0, +)
        let idle = values[3] + values[4]
        return MachineStat(busyJiffies: total - idle, totalJiffies: total, bootTime: bootTime)
    }

    /// Reads and parses `/proc/stat`.
    /// - Throws: ``SystemError``.
    public static func read(path: String = "/proc/stat") throws -> MachineStat {
        try parse(ProcFile.read(path), path: path)
    }
}

/// The 1-, 5- and 15-minute load averages from `/proc/loadavg`.
public struct LoadAverage: Sendable, Hashable {
    public var oneMinute: Double
    public var fiveMinutes: Double
    public var fifteenMinutes: Double

    /// Parses `0.52 0.58 0.59 1/467 12345`.
    /// - Throws: ``SystemError`` `.malformedProcFile` naming `path` when the first three fields are not numbers.
    public static func parse(_ text: String, path: String = "/proc/loadavg") throws -> LoadAverage {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(3).compactMap { Double($0) }
        guard fields.count == 3 else {
            throw SystemError.malformedProc(path: path, lineNumber: 1, line: text, reason: "expected three load averages")
        }
        return LoadAverage(oneMinute: fields[0], fiveMinutes: fields[1], fifteenMinutes: fields[2])
    }

    /// Reads and parses `/proc/loadavg`.
    /// - Throws: ``SystemError``.
    public static func read(path: String = "/proc/loadavg") throws -> LoadAverage {
        try parse(ProcFile.read(path), path: path)
    }
}
