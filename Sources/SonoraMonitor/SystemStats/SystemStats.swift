import SonoraSystem

/// The process figures of the seed's `get_system_stats()`, defined as psutil defines them.
public struct SystemStats: Sendable, Hashable {
    /// Process CPU over the interval since the previous call, where 100 means one full core;
    /// 0 on the first call, as psutil's `cpu_percent()` gives.
    public var cpuPercent: Double
    /// Resident set size in MiB (psutil's `memory_info().rss / 1024 / 1024`).
    public var memoryMB: Double
    /// Resident set size in bytes.
    public var residentBytes: UInt64
    /// RSS as a percentage of `MemTotal` (psutil's `memory_percent()`).
    public var memoryPercent: Double
    /// Threads of the process (psutil's `num_threads()`).
    public var threads: Int
    /// Absolute paths of regular files among the open descriptors (psutil's `open_files()`).
    public var openFiles: [String]
    /// Every open descriptor (psutil's `num_fds()`).
    public var openFileDescriptors: Int
    /// The machine's load averages.
    public var loadAverage: LoadAverage

    public init(
        cpuPercent: Double, memoryMB: Double, residentBytes: UInt64, memoryPercent: Double, threads: Int,
        openFiles: [String], openFileDescriptors: Int, loadAverage: LoadAverage
    ) {
        self.cpuPercent = cpuPercent
        self.memoryMB = memoryMB
        self.residentBytes = residentBytes
        self.memoryPercent = memoryPercent
        self.threads = threads
        self.openFiles = openFiles
        self.openFileDescriptors = openFileDescriptors
        self.loadAverage = loadAverage
    }
}
