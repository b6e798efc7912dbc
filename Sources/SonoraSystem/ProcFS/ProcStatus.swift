/// The memory and scheduling figures of one process from `/proc/<pid>/status`.
///
/// Parsed in Swift, field by field; unknown fields are ignored, so newer kernels parse too.
public struct ProcStatus: Sendable, Hashable {
    /// Current resident set size (`VmRSS`), in KiB.
    public var vmRSSKiB: Int
    /// Peak resident set size (`VmHWM`) since process start or the last `clear_refs` reset, in KiB.
    public var vmHWMKiB: Int
    /// Peak virtual memory size (`VmPeak`), in KiB, if present.
    public var vmPeakKiB: Int?
    /// Number of threads in the process (`Threads`).
    public var threads: Int
    /// Context switches the process gave up the CPU for (`voluntary_ctxt_switches`), if present.
    public var voluntaryContextSwitches: Int?
    /// Context switches the kernel forced (`nonvoluntary_ctxt_switches`), if present.
    public var nonvoluntaryContextSwitches: Int?
    /// Signals with a handler (`SigCgt`), bit `n - 1` for signal `n`, if present.
    public var caughtSignals: UInt64?
    /// Signals set to be ignored (`SigIgn`), bit `n - 1` for signal `n`, if present.
    public var ignoredSignals: UInt64?

    public init(
        vmRSSKiB: Int, vmHWMKiB: Int, vmPeakKiB: Int? = nil, threads: Int,
        voluntaryContextSwitches: Int? = nil, nonvoluntaryContextSwitches: Int? = nil
    ) {
        self.vmRSSKiB = vmRSSKiB
        self.vmHWMKiB = vmHWMKiB
        self.vmPeakKiB = vmPeakKiB
        self.threads = threads
        self.voluntaryContextSwitches = voluntaryContextSwitches
        self.nonvoluntaryContextSwitches = nonvoluntaryContextSwitches
    }

    /// Whether delivering `signal` now would run a handler or be ignored, rather than take its
    /// default action (which, for `SIGUSR2`, ends the process). `false` when the file had no
    /// `SigCgt`/`SigIgn` lines.
    /// - Parameter signal: A signal number from 1 to 64.
    public func handlesOrIgnores(_ signal: Int32) -> Bool {
        guard (1...64).contains(signal) else { return false }
        let bit = UInt64(1) << UInt64(signal - 1)
        return ((caughtSignals ?? 0) | (ignoredSignals ?? 0)) & bit != 0
    }

    /// Current resident set size in MiB.
    public var rssMB: Double { Double(vmRSSKiB) / 1024 }
    /// Peak resident set size in MiB.
    public var peakMB: Double { Double(vmHWMKiB) / 1024 }

    /// Parses the text of a `/proc/<pid>/status` file.
    ///
    /// Every line must read `Key:<whitespace>value`. The fields this type exposes must be
    /// non-negative integers (with a `kB` unit for the `Vm*` ones); `VmRSS`, `VmHWM` and `Threads`
    /// are required.
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - path: The file's name, used in error messages.
    /// - Returns: The parsed figures.
    /// - Throws: ``SystemError`` `.malformedProcFile` naming `path`, the line number and what
    ///   was wrong.
    /// - Complexity: O(n) in the length of `text`.
    public static func parse(_ text: String, path: String = "/proc/self/status") throws -> ProcStatus {
        var values: [String: Int] = [:]
        var masks: [String: UInt64] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw SystemError.malformedProc(
                    path: path, lineNumber: index + 1, line: String(line), reason: "expected \"Key: value\"")
            }
            let key = String(line[..<colon])
            let isMask = Self.maskFields.contains(key)
            guard isMask || Self.integerFields[key] != nil else { continue }
            let fields = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
            if isMask {
                guard fields.count == 1, fields[0].count == 16, let mask = UInt64(fields[0], radix: 16) else {
                    throw SystemError.malformedProc(
                        path: path, lineNumber: index + 1, line: String(line), reason: "\(key) must be 16 hexadecimal digits")
                }
                masks[key] = mask
                continue
            }
            let expectsUnit = Self.integerFields[key]!
            guard let first = fields.first, let number = Int(first), number >= 0,
                fields.count == (expectsUnit ? 2 : 1), !expectsUnit || fields[1] == "kB"
            else {
                let shape = expectsUnit ? "a non-negative integer followed by \"kB\"" : "a non-negative integer"
                throw SystemError.malformedProc(
                    path: path, lineNumber: index + 1, line: String(line), reason: "\(key) must be \(shape)")
            }
            values[key] = number
        }
        func required(_ key: String) throws -> Int {
            guard let value = values[key] else {
                throw SystemError.malformedProc(path: path, lineNumber: nil, line: nil, reason: "no \(key) field")
            }
            return value
        }
        var status = ProcStatus(
            vmRSSKiB: try required("VmRSS"), vmHWMKiB: try required("VmHWM"), vmPeakKiB: values["VmPeak"],
            threads: try required("Threads"),
            voluntaryContextSwitches: values["voluntary_ctxt_switches"],
            nonvoluntaryContextSwitches: values["nonvoluntary_ctxt_switches"])
        status.caughtSignals = masks["SigCgt"]
        status.ignoredSignals = masks["SigIgn"]
        return status
    }

    /// Reads and parses `/proc/self/status`.
    /// - Throws: ``SystemError`` `.unreadableFile` or `.malformedProcFile`.
    public static func readSelf() throws -> ProcStatus {
        try read(path: "/proc/self/status")
    }

    /// Reads and parses a status file, such as `/proc/self/status` or `/proc/<pid>/task/<tid>/status`.
    /// - Throws: ``SystemError`` `.unreadableFile` or `.malformedProcFile`.
    public static func read(path: String) throws -> ProcStatus {
        try parse(ProcFile.read(path), path: path)
    }

    /// The signal masks parsed, each 16 hexadecimal digits.
    private static let maskFields: Set<String> = ["SigCgt", "SigIgn"]

    /// The fields parsed, and whether each carries a `kB` unit.
    private static let integerFields: [String: Bool] = [
        "VmRSS": true, "VmHWM": true, "VmPeak": true, "Threads": false,
        "voluntary_ctxt_switches": false, "nonvoluntary_ctxt_switches": false,
    ]
}
