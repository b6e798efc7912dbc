/// What ``PerformanceMonitor/stats()`` returns: the seed's `get_stats()`.
///
/// Keys are the names given to the monitor, followed by the labels in exposition syntax when a
/// series has labels: `tracks_played`, `tracks_played{guild="42"}`.
public struct MonitorStats: Sendable, Hashable {
    /// Seconds since the monitor was made or reset.
    public var uptime: Double
    public var counters: [String: Int64] = [:]
    public var gauges: [String: Double] = [:]
    public var timings: [String: TimingSummary] = [:]
    /// Updates dropped because their name conflicted with another kind's or was invalid.
    public var rejectedUpdates = 0
    /// The message of the last dropped update.
    public var lastRejection: String?

    public init(uptime: Double) { self.uptime = uptime }

    /// The seed's `<op>_duration_avg` keys: each timing's mean, in seconds.
    public var durationAverages: [String: Double] {
        Dictionary(uniqueKeysWithValues: timings.map { ("\($0.key)_duration_avg", $0.value.mean) })
    }

    /// The seed's flat keys: `uptime`, or `<op>_duration_avg`.
    public subscript(key: String) -> Double? {
        if key == "uptime" { return uptime }
        guard key.hasSuffix("_duration_avg") else { return nil }
        return timings[String(key.dropLast("_duration_avg".count))]?.mean
    }
}
