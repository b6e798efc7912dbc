/// Everything one screen of `sonora top` shows, computed from a ``ScrapeHistory``; rendering it is
/// a separate, pure step (``FrameRenderer``).
public struct Frame: Sendable, Equatable {
    public struct System: Sendable, Equatable {
        /// Process CPU over the last interval; 100 means one full core.
        public var cpuPercent: Double?
        public var residentBytes: Double?
        public var virtualBytes: Double?
        public var threads: Double?
        public var openFDs: Double?
        public var maxFDs: Double?
    }

    public struct CounterRow: Sendable, Equatable {
        public var name: String
        public var labels: String
        public var total: Double
        /// Per second over the last interval; `nil` until two scrapes exist.
        public var rate: Double?
        /// Rates over the history, oldest first, for the sparkline.
        public var rates: [Double]
    }

    public struct GaugeRow: Sendable, Equatable {
        public var name: String
        public var labels: String
        public var value: Double
    }

    public struct TimingRow: Sendable, Equatable {
        public var name: String
        public var labels: String
        public var count: Double
        public var rate: Double?
        public var p50: Double?
        public var p99: Double?
        /// Whether the values are seconds (a `_seconds` family), so they print as durations.
        public var isSeconds: Bool
        /// Whether the quantiles cover only the last interval (`true`) or the whole life of the series.
        public var recent: Bool
    }

    public var target: String
    /// Seconds since the last successful scrape, or `nil` when there was none.
    public var scrapeAge: Double?
    /// Seconds since `process_start_time_seconds`, when the target exports it.
    public var uptime: Double?
    /// The last fetch's failure, shown above the data (which stays from the last good scrape).
    public var error: String?
    public var system: System
    public var counters: [CounterRow]
    public var gauges: [GaugeRow]
    public var timings: [TimingRow]
}
