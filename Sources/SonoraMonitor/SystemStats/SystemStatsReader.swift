import SonoraSystem
import Synchronization

/// Reads ``SystemStats`` from `/proc/self`, keeping the previous CPU reading for `cpuPercent`.
public final class SystemStatsReader: Sendable {
    private let clock: MonitorClock
    private let previous = Mutex<(cpuSeconds: Double, wallSeconds: Double)?>(nil)

    /// - Parameter clock: The wall-time source for the CPU interval.
    public init(clock: MonitorClock = .system) {
        self.clock = clock
    }

    /// Reads the figures now.
    /// - Throws: ``MonitorError`` `.systemUnavailable` when a `/proc` file cannot be read, with the
    ///   ``SonoraSystem/SystemError`` as its cause.
    public func read() throws -> SystemStats {
        do {
            let stat = try ProcStat.read()
            let total = try ProcMeminfo.read().totalBytes ?? 0
            let descriptors = try ProcFileDescriptors.entries()
            let rss = stat.residentPages * UInt64(Syscall.pageSize)
            let cpu = Syscall.processCPUSeconds()
            let wall = clock.seconds()
            let percent: Double = previous.withLock { previous in
                defer { previous = (cpu, wall) }
                guard let last = previous, wall > last.wallSeconds else { return 0 }
                return (cpu - last.cpuSeconds) / (wall - last.wallSeconds) * 100
            }
            return SystemStats(
                cpuPercent: percent, memoryMB: Double(rss) / 1_048_576, residentBytes: rss,
                memoryPercent: total > 0 ? Double(rss) / Double(total) * 100 : 0, threads: stat.threads,
                openFiles: ProcFileDescriptors.regularFiles(among: descriptors),
                openFileDescriptors: descriptors.count, loadAverage: try LoadAverage.read())
        } catch let error as SystemError {
            throw MonitorError(.systemUnavailable, "cannot read the process's figures: \(error.message)", cause: error)
        }
    }
}
