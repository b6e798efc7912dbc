/// A change to a ``TrackQueue``, delivered to its ``TrackQueue/onEvent`` observer.
public struct QueueEvent: Hashable, Sendable {
    /// The kind of change, an extensible set.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// `count` tracks were added at `index`.
        public static let added = Kind(rawValue: "added")
        /// `count` tracks were removed; `index` is set when one track was removed at one place.
        public static let removed = Kind(rawValue: "removed")
        /// The track at `index` moved to `toIndex` (a swap sends two moves).
        public static let moved = Kind(rawValue: "moved")
        /// The upcoming tracks were cleared; `count` of them.
        public static let cleared = Kind(rawValue: "cleared")
        /// The upcoming tracks were shuffled.
        public static let shuffled = Kind(rawValue: "shuffled")
        /// The current track changed (`next`, `skip`, `back`); `track` is the new current track.
        public static let advanced = Kind(rawValue: "advanced")
    }

    /// The kind of change.
    public var kind: Kind
    /// The index in the upcoming tracks, when the change has one.
    public var index: Int?
    /// The destination index, for `moved`.
    public var toIndex: Int?
    /// The number of tracks involved.
    public var count: Int
    /// The track involved: the one removed, or the new current track for `advanced`.
    public var track: Track?

    /// Creates an event.
    public init(kind: Kind, index: Int? = nil, toIndex: Int? = nil, count: Int = 1, track: Track? = nil) {
        self.kind = kind
        self.index = index
        self.toIndex = toIndex
        self.count = count
        self.track = track
    }
}
