import CSonoraBenchCounters
import CSonoraSampler
import Foundation
import SonoraSystem
#if canImport(Glibc)
import Glibc
#endif

/// Reads the counters a benchmark reports besides time: allocations, context switches, RSS,
/// instructions, and how busy the rest of the machine is.
enum SystemProbe {
    /// Allocation totals from the interposed allocator.
    struct Allocations {
        var count: UInt64
        var bytes: UInt64
    }

    /// Starts counting allocations (wraps `sonora_alloc_counter_enable`).
    static func startCountingAllocations(scope: MeasurementScope) {
        sonora_alloc_counter_enable(scope == .thread)
    }

    /// Stops counting and returns the totals (wraps `sonora_alloc_counter_read`).
    static func stopCountingAllocations(scope: MeasurementScope) -> Allocations {
        sonora_alloc_counter_disable()
        let counts = sonora_alloc_counter_read(scope == .thread)
        return Allocations(count: counts.allocations, bytes: counts.bytes)
    }

    /// Whether `malloc` in this process is the interposed one: counts one allocation to find out.
    ///
    /// The probe calls the `malloc` the dynamic linker resolves for every shared library (looked
    /// up with `dlsym`, so the optimizer cannot elide the allocation as it does a visible
    /// `malloc`/`free` pair).
    static let allocationCountingWorks: Bool = {
        typealias Allocate = @convention(c) (Int) -> UnsafeMutableRawPointer?
        guard let symbol = dlsym(nil, "malloc") else { return false }
        let allocate = unsafeBitCast(symbol, to: Allocate.self)
        sonora_alloc_counter_enable(true)
        let pointer = allocate(24)
        sonora_alloc_counter_disable()
        free(pointer)
        return sonora_alloc_counter_read(true).allocations > 0
    }()

    /// Voluntary plus involuntary context switches so far (wraps `getrusage`).
    static func contextSwitches(scope: MeasurementScope) -> Int {
        var usage = rusage()
        // RUSAGE_THREAD is 1 on Linux; RUSAGE_SELF is 0.
        let who: __rusage_who_t = scope == .thread ? 1 : 0
        guard getrusage(who, &usage) == 0 else { return 0 }
        return usage.ru_nvcsw + usage.ru_nivcsw
    }

    /// Resets the process's VmHWM to its current RSS by writing `5` to `/proc/self/clear_refs`
    /// (through SonoraSystem's `PeakMemory`).
    /// - Returns: Whether the reset worked.
    static func resetPeakRSS() -> Bool {
        (try? PeakMemory.reset()) ?? false
    }

    /// A field of `/proc/self/status` in bytes, for example `VmRSS` or `VmHWM`.
    static func statusBytes(_ field: String) -> UInt64? {
        guard let text = try? ProcFile.read("/proc/self/status") else { return nil }
        return parseStatusField(field, in: text)
    }

    /// Parses `Field:   123 kB` out of `/proc/<pid>/status` or `/proc/meminfo` text.
    /// - Returns: The value in bytes, or `nil` when the field is missing or malformed.
    static func parseStatusField(_ field: String, in text: String) -> UInt64? {
        ProcMeminfo.parse(text).fields[field]
    }

    /// Busy and total jiffies over all CPUs, from the first line of `/proc/stat`.
    static func machineJiffies() -> (busy: UInt64, total: UInt64)? {
        guard let stat = try? MachineStat.read() else { return nil }
        return (stat.busyJiffies, stat.totalJiffies)
    }

    /// Parses the aggregate `cpu` line of `/proc/stat`: idle and iowait are idle, the rest busy.
    static func parseMachineJiffies(_ text: String) -> (busy: UInt64, total: UInt64)? {
        guard let stat = try? MachineStat.parse(text) else { return nil }
        return (stat.busyJiffies, stat.totalJiffies)
    }

    /// The one-minute load average from `/proc/loadavg`.
    static func loadAverage() -> Double? {
        (try? LoadAverage.read())?.oneMinute
    }

    /// The calling thread's kernel id, as profiles record it (wraps `sonora_gettid`).
    static func currentThreadID() -> Int32 {
        sonora_gettid()
    }

    /// Opens the instruction counter, or says why it is unavailable.
    static func openInstructionCounter() -> Result<Int32, BenchError> {
        let fd = sonora_perf_instructions_open()
        if fd >= 0 { return .success(fd) }
        let reason = String(cString: strerror(-fd))
        return .failure(BenchError(.io, "perf_event_open(PERF_COUNT_HW_INSTRUCTIONS) failed: \(reason)"))
    }

    /// Reads an instruction counter's current value.
    static func readCounter(_ fd: Int32) -> UInt64? {
        var value: UInt64 = 0
        let count = withUnsafeMutableBytes(of: &value) { Glibc.read(fd, $0.baseAddress, 8) }
        return count == 8 ? value : nil
    }
}
