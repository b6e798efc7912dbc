import Metrics
import SonoraMusic
import Synchronization

/// Queue statistics fed by ``SonoraMusic/TrackQueue`` events (never by polling), published through
/// swift-metrics with a `guild` label: `sonora_queue_tracks_added_total`,
/// `sonora_queue_tracks_removed_total`, `sonora_queue_clears_total`, `sonora_queue_shuffles_total`,
/// and the gauge `sonora_queue_max_size`.
///
/// ```swift
/// queue.onEvent = queueMonitor.observer(guild: guildID)
/// ```
///
/// The largest queue size comes from `added` events: an append at index *i* of *n* tracks leaves
/// *i + n* upcoming tracks, exactly; an insert in the middle gives a lower bound.
public final class QueueMonitor: Sendable {
    /// The totals since the monitor was made, over all guilds.
    public struct Stats: Sendable, Equatable {
        public var tracksAdded = 0
        public var tracksRemoved = 0
        public var clears = 0
        public var shuffles = 0
        public var moves = 0
        public var maxQueueSize = 0
    }

    private let metrics: any MetricsFactory
    private let state = Mutex<(stats: Stats, maxByGuild: [String: Int])>((Stats(), [:]))

    /// Creates a monitor.
    /// - Parameter metrics: Where metrics go; the application's bootstrapped factory by default.
    public init(metrics: any MetricsFactory = MetricsSystem.factory) {
        self.metrics = metrics
    }

    public var stats: Stats { state.withLock { $0.stats } }

    /// The largest queue seen in `guild`.
    public func maxQueueSize(guild: String) -> Int {
        state.withLock { $0.maxByGuild[guild] ?? 0 }
    }

    /// An observer for one guild's queue, to assign to its `onEvent`.
    public func observer(guild: String) -> @Sendable (QueueEvent) -> Void {
        { [self] event in record(event, guild: guild) }
    }

    /// Records one queue event of `guild`.
    public func record(_ event: QueueEvent, guild: String) {
        let labels = [("guild", guild)]
        var newMax: Int?
        state.withLock { state in
            switch event.kind {
            case .added:
                state.stats.tracksAdded += event.count
                let size = (event.index ?? 0) + event.count
                if size > state.maxByGuild[guild] ?? 0 {
                    state.maxByGuild[guild] = size
                    newMax = size
                }
                state.stats.maxQueueSize = max(state.stats.maxQueueSize, size)
            case .removed: state.stats.tracksRemoved += event.count
            case .cleared: state.stats.clears += 1
            case .shuffled: state.stats.shuffles += 1
            case .moved: state.stats.moves += 1
            default: break
            }
        }
        switch event.kind {
        case .added: Counter(label: "sonora_queue_tracks_added_total", dimensions: labels, factory: metrics).increment(by: event.count)
        case .removed: Counter(label: "sonora_queue_tracks_removed_total", dimensions: labels, factory: metrics).increment(by: event.count)
        case .cleared: Counter(label: "sonora_queue_clears_total", dimensions: labels, factory: metrics).increment()
        case .shuffled: Counter(label: "sonora_queue_shuffles_total", dimensions: labels, factory: metrics).increment()
        default: break
        }
        if let newMax { Gauge(label: "sonora_queue_max_size", dimensions: labels, factory: metrics).record(newMax) }
    }
}
