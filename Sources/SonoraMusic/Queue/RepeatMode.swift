/// What ``TrackQueue/next()`` does when a track ends, an extensible set of named modes.
public struct RepeatMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Play the next track; stop when the queue is empty.
    public static let none = RepeatMode(rawValue: "none")
    /// Replay the current track without consuming the queue.
    public static let track = RepeatMode(rawValue: "track")
    /// Append the finished track to the end of the queue, then play the next.
    public static let queue = RepeatMode(rawValue: "queue")
}
