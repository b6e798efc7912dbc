/// The most recent scrapes of one target, oldest first, with the time each was taken.
///
/// Rates and sparklines come from consecutive pairs; a bounded history keeps memory constant however
/// long `sonora top` runs.
public struct ScrapeHistory: Sendable {
    public struct Entry: Sendable {
        public var scrape: Scrape
        /// Seconds since the Unix epoch when the scrape finished.
        public var time: Double
    }

    /// At most this many scrapes are kept.
    public let capacity: Int
    public private(set) var entries: [Entry] = []

    /// Creates an empty history.
    /// - Parameter capacity: How many scrapes to keep, at least 2 (one rate needs two scrapes).
    public init(capacity: Int = 31) {
        self.capacity = max(2, capacity)
    }

    /// Adds a scrape taken at `time`, dropping the oldest when full.
    public mutating func append(_ scrape: Scrape, at time: Double) {
        entries.append(Entry(scrape: scrape, time: time))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    public var latest: Entry? { entries.last }
}
