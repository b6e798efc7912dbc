import Synchronization

/// Counters, gauges and timings with labels, and the process's system figures: the seed's
/// `performance_monitor`, in Swift.
///
/// ```swift
/// let monitor = PerformanceMonitor.shared
/// monitor.incrementCounter("tracks_played")
/// monitor.incrementCounter("user_commands", by: 5)
/// try monitor.recordTiming("track_load", seconds: 0.042)
/// monitor.setGauge("active_guilds", 150)
/// let stats = monitor.stats()           // stats["track_load_duration_avg"]
/// let system = try monitor.systemStats()
/// ```
///
/// The name-based calls look the series up under a lock; on a hot path, keep the handle from
/// ``counter(_:labels:help:)`` and friends, whose updates are a single atomic operation.
public final class PerformanceMonitor: Sendable {
    /// The instance the application shares.
    public static let shared = PerformanceMonitor()

    /// Where every series lives.
    public let registry: MetricRegistry
    /// The time source for uptime and ``measure(_:labels:_:)-(_,_,()->Result)``.
    public let clock: MonitorClock
    private let startedAt: Mutex<Double>
    private let systemReader: SystemStatsReader
    private let rejected = Atomic<Int>(0)
    private let lastRejection = Mutex<MonitorError?>(nil)

    /// Makes a monitor of its own.
    /// - Parameters:
    ///   - clock: The time source; tests inject one.
    ///   - registry: Where series live; a new one by default.
    public init(clock: MonitorClock = .system, registry: MetricRegistry = MetricRegistry()) {
        self.clock = clock
        self.registry = registry
        self.startedAt = Mutex(clock.seconds())
        self.systemReader = SystemStatsReader(clock: clock)
    }

    // MARK: Handles

    /// The counter series `name` with `labels`, for repeated fast increments.
    /// - Throws: ``MonitorError`` `.conflictingRegistration` or `.invalidName`.
    public func counter(_ name: String, labels: MetricLabels = .none, help: String? = nil) throws -> CounterSeries {
        try registry.counter(name, labels: labels, help: help)
    }

    /// The gauge series `name` with `labels`.
    /// - Throws: ``MonitorError`` `.conflictingRegistration` or `.invalidName`.
    public func gauge(_ name: String, labels: MetricLabels = .none, help: String? = nil) throws -> GaugeSeries {
        try registry.gauge(name, labels: labels, help: help)
    }

    /// The timing series `name` with `labels`.
    /// - Throws: ``MonitorError`` `.conflictingRegistration` or `.invalidName`.
    public func timing(_ name: String, labels: MetricLabels = .none, help: String? = nil) throws -> TimingSeries {
        try registry.timing(name, labels: labels, help: help)
    }

    // MARK: The seed's calls

    /// Adds `amount` to the counter `name`.
    ///
    /// A name that conflicts with another kind's is not a crash: the update is dropped and counted
    /// in ``MonitorStats/rejectedUpdates``.
    /// - Complexity: O(1) expected: a lookup under a lock, then an atomic add.
    public func incrementCounter(_ name: String, by amount: Int64 = 1, labels: MetricLabels = .none, help: String? = nil) {
        guard let series = rejecting({ try registry.counter(name, labels: labels, help: help) }) else { return }
        series.increment(by: amount)
    }

    /// Sets the gauge `name` to `value`. Conflicts are handled as in ``incrementCounter(_:by:labels:help:)``.
    public func setGauge(_ name: String, _ value: Double, labels: MetricLabels = .none, help: String? = nil) {
        rejecting { try registry.gauge(name, labels: labels, help: help) }?.set(value)
    }

    /// Records one duration of the operation `name`, in seconds.
    /// - Throws: ``MonitorError`` `.invalidValue` for a negative, NaN or infinite value (nothing is
    ///   recorded), `.conflictingRegistration` or `.invalidName` for the name.
    public func recordTiming(_ name: String, seconds: Double, labels: MetricLabels = .none, help: String? = nil) throws {
        try registry.timing(name, labels: labels, help: help).record(seconds: seconds)
    }

    /// Records one duration of the operation `name`.
    /// - Throws: See ``recordTiming(_:seconds:labels:help:)``.
    public func recordTiming(_ name: String, _ duration: Duration, labels: MetricLabels = .none, help: String? = nil) throws {
        let (seconds, attoseconds) = duration.components
        try recordTiming(name, seconds: Double(seconds) + Double(attoseconds) / 1e18, labels: labels, help: help)
    }

    /// Runs `body` and records how long it took as the timing `name`, also when it throws.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw. A conflicting name is counted in ``MonitorStats/rejectedUpdates``.
    public func measure<Result>(_ name: String, labels: MetricLabels = .none, _ body: () throws -> Result) rethrows -> Result {
        let start = clock.seconds()
        defer { record(name, labels, since: start) }
        return try body()
    }

    /// Runs the async `body` and records how long it took as the timing `name`, also when it throws.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw.
    public func measure<Result>(
        _ name: String, labels: MetricLabels = .none, isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        let start = clock.seconds()
        defer { record(name, labels, since: start) }
        return try await body()
    }

    private func record(_ name: String, _ labels: MetricLabels, since start: Double) {
        let elapsed = max(0, clock.seconds() - start)
        _ = rejecting { try registry.timing(name, labels: labels).record(seconds: elapsed) }
    }

    @discardableResult
    private func rejecting<T>(_ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch {
            noteRejected(error)
            return nil
        }
    }

    /// A handle from `body`, or `nil` with the failure counted as rejected.
    func handle<T>(_ body: (PerformanceMonitor) throws -> T) -> T? {
        rejecting { try body(self) }
    }

    /// Counts one dropped update; `error`, when given, becomes ``MonitorStats/lastRejection``.
    func noteRejected(_ error: (any Error)?) {
        rejected.wrappingAdd(1, ordering: .relaxed)
        guard let error else { return }
        lastRejection.withLock { $0 = error as? MonitorError ?? MonitorError(.invalidName, "\(error)") }
    }

    // MARK: Reading

    /// Everything recorded: uptime, counters, gauges and timing summaries.
    /// - Complexity: O(s·h): every series, and each timing's histogram for its quantiles.
    public func stats() -> MonitorStats {
        var stats = MonitorStats(uptime: clock.seconds() - startedAt.withLock { $0 })
        for (family, series) in registry.sortedFamilies() {
            for item in series {
                let key = family.rawName + item.labels.description
                switch item {
                case .counter(let counter): stats.counters[key] = counter.value
                case .gauge(let gauge): stats.gauges[key] = gauge.value
                case .timing(let timing): stats.timings[key] = timing.summary()
                }
            }
        }
        stats.rejectedUpdates = rejected.load(ordering: .relaxed)
        stats.lastRejection = lastRejection.withLock { $0?.message }
        return stats
    }

    /// CPU, memory, threads, open files and load, as psutil defines them.
    /// - Throws: ``MonitorError`` `.systemUnavailable` when `/proc` cannot be read.
    public func systemStats() throws -> SystemStats {
        try systemReader.read()
    }

    /// Sets every metric back to zero and restarts the uptime; handles stay valid.
    public func reset() {
        registry.reset()
        rejected.store(0, ordering: .relaxed)
        lastRejection.withLock { $0 = nil }
        let now = clock.seconds()
        startedAt.withLock { $0 = now }
    }
}
