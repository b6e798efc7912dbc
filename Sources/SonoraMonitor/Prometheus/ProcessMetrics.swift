import SonoraSystem

/// The standard `process_*` families, with the names Prometheus client libraries use.
public enum ProcessMetrics {
    /// Reads the process figures now. A figure that cannot be read is left out.
    /// - Returns: `process_cpu_seconds_total` (fractional), `process_resident_memory_bytes`,
    ///   `process_virtual_memory_bytes`, `process_open_fds`, `process_max_fds`,
    ///   `process_start_time_seconds` and `process_threads`.
    public static func collect() -> [PrometheusText.ExtraFamily] {
        var families = [
            PrometheusText.ExtraFamily(
                name: "process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.",
                type: "counter", value: Syscall.processCPUSeconds())
        ]
        if let stat = try? ProcStat.read() {
            families.append(
                .init(
                    name: "process_resident_memory_bytes", help: "Resident memory size in bytes.", type: "gauge",
                    value: Double(stat.residentPages * UInt64(Syscall.pageSize))))
            families.append(
                .init(
                    name: "process_virtual_memory_bytes", help: "Virtual memory size in bytes.", type: "gauge",
                    value: Double(stat.virtualMemoryBytes)))
            if let boot = (try? MachineStat.read())?.bootTime {
                families.append(
                    .init(
                        name: "process_start_time_seconds",
                        help: "Start time of the process since unix epoch in seconds.", type: "gauge",
                        value: Double(boot) + Double(stat.startTicks) / Double(Syscall.clockTicksPerSecond)))
            }
            families.append(.init(name: "process_threads", help: "Number of OS threads in the process.", type: "gauge", value: Double(stat.threads)))
        }
        if let fds = try? ProcFile.list("/proc/self/fd") {
            families.append(.init(name: "process_open_fds", help: "Number of open file descriptors.", type: "gauge", value: Double(fds.count)))
        }
        if let limit = try? Syscall.openFileLimit() {
            families.append(.init(name: "process_max_fds", help: "Maximum number of open file descriptors.", type: "gauge", value: Double(limit)))
        }
        return families.sorted { $0.name < $1.name }
    }
}
