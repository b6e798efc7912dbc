/// The scheduling and memory figures of one process from `/proc/<pid>/stat`.
///
/// The second field is the command name in parentheses, and the name itself may contain spaces and
/// parentheses (`pthread_setname_np` and `prctl` allow any bytes), so the parser splits at the
/// *last* `)` of the line, as the kernel's own tools do.
public struct ProcStat: Sendable, Hashable {
    /// The process id (field 1).
    public var pid: Int32
    /// The command name without its parentheses (field 2).
    public var command: String
    /// The one-letter state, such as `R` or `S` (field 3).
    public var state: Character
    /// User-mode CPU time in clock ticks (field 14).
    public var userTicks: UInt64
    /// Kernel-mode CPU time in clock ticks (field 15).
    public var systemTicks: UInt64
    /// Number of threads (field 20).
    public var threads: Int
    /// Start time after boot, in clock ticks (field 22).
    public var startTicks: UInt64
    /// Virtual memory size in bytes (field 23).
    public var virtualMemoryBytes: UInt64
    /// Resident set size in pages (field 24).
    public var residentPages: UInt64

    public init(
        pid: Int32, command: String, state: Character, userTicks: UInt64, systemTicks: UInt64, threads: Int,
        startTicks: UInt64, virtualMemoryBytes: UInt64, residentPages: UInt64
    ) {
        self.pid = pid
        self.command = command
        self.state = state
        self.userTicks = userTicks
        self.systemTicks = systemTicks
        self.threads = threads
        self.startTicks = startTicks
        self.virtualMemoryBytes = virtualMemoryBytes
        self.residentPages = residentPages
    }

    /// Parses the one line of a `/proc/<pid>/stat` file.
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - path: The file's name, used in error messages.
    /// - Throws: ``SystemError`` `.malformedProcFile` naming `path` and the field that was wrong.
    /// - Complexity: O(n) in the length of `text`.
    public static func parse(_ text: String, path: String = "/proc/self/stat") throws -> ProcStat {
        let line = text.hasSuffix("\n") ? text.dropLast() : Substring(text)
        func fail(_ reason: String) -> SystemError {
            SystemError.malformedProc(path: path, lineNumber: 1, line: String(line), reason: reason)
        }
        guard let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else {
            throw fail("expected \"pid (comm) state ...\"")
        }
        guard let pid = Int32(line[..<open].filter { $0 != " " }) else { throw fail("pid is not a number") }
        let command = String(line[line.index(after: open)..<close])
        // Fields 3 and on; index 0 here is field 3.
        let fields = line[line.index(after: close)...].split(separator: " ")
        guard fields.count >= 22 else { throw fail("expected at least 24 fields, found \(fields.count + 2)") }
        func number(_ field: Int, _ name: String) throws -> UInt64 {
            guard let value = UInt64(fields[field - 3]) else { throw fail("\(name) (field \(field)) is not a number") }
            return value
        }
        guard fields[0].count == 1, let state = fields[0].first else { throw fail("state (field 3) is not one letter") }
        return ProcStat(
            pid: pid, command: command, state: state, userTicks: try number(14, "utime"),
            systemTicks: try number(15, "stime"), threads: Int(try number(20, "num_threads")),
            startTicks: try number(22, "starttime"), virtualMemoryBytes: try number(23, "vsize"),
            residentPages: try number(24, "rss"))
    }

    /// Reads and parses `/proc/self/stat`, or another process's with `path`.
    /// - Throws: ``SystemError`` `.unreadableFile` or `.malformedProcFile`.
    public static func read(path: String = "/proc/self/stat") throws -> ProcStat {
        try parse(ProcFile.read(path), path: path)
    }
}
