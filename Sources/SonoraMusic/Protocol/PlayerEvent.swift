/// A player event from the websocket `event` op: track start, end, exception, stuck, or the voice socket closing.
public struct PlayerEvent: Hashable, Sendable, Decodable {
    /// The event kind, an extensible set of Lavalink's event `type` values.
    public struct EventType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let trackStart = EventType(rawValue: "TrackStartEvent")
        public static let trackEnd = EventType(rawValue: "TrackEndEvent")
        public static let trackException = EventType(rawValue: "TrackExceptionEvent")
        public static let trackStuck = EventType(rawValue: "TrackStuckEvent")
        public static let webSocketClosed = EventType(rawValue: "WebSocketClosedEvent")
    }

    /// Why a track ended, an extensible set of Lavalink's `reason` values.
    public struct TrackEndReason: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let finished = TrackEndReason(rawValue: "finished")
        public static let loadFailed = TrackEndReason(rawValue: "loadFailed")
        public static let stopped = TrackEndReason(rawValue: "stopped")
        public static let replaced = TrackEndReason(rawValue: "replaced")
        public static let cleanup = TrackEndReason(rawValue: "cleanup")

        /// Whether a queue should start the next track (`finished` and `loadFailed`), as Lavalink documents.
        public var mayStartNext: Bool { self == .finished || self == .loadFailed }
    }

    /// The event kind.
    public var type: EventType
    /// The guild the player belongs to.
    public var guildId: String
    /// The track, for track events.
    public var track: LoadedTrack?
    /// Why the track ended, for `TrackEndEvent`.
    public var reason: TrackEndReason?
    /// The failure, for `TrackExceptionEvent`.
    public var exception: LavalinkException?
    /// The threshold that was exceeded, for `TrackStuckEvent`.
    public var thresholdMs: Int64?
    /// The Discord close code, for `WebSocketClosedEvent`.
    public var code: Int?
    /// The Discord close reason, for `WebSocketClosedEvent`.
    public var closeReason: String?
    /// Whether Discord closed the connection, for `WebSocketClosedEvent`.
    public var byRemote: Bool?

    private enum CodingKeys: String, CodingKey {
        case type, guildId, track, reason, exception, thresholdMs, code, byRemote
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(EventType.self, forKey: .type)
        guildId = try container.decode(String.self, forKey: .guildId)
        track = try container.decodeIfPresent(LoadedTrack.self, forKey: .track)
        exception = try container.decodeIfPresent(LavalinkException.self, forKey: .exception)
        thresholdMs = try container.decodeIfPresent(Int64.self, forKey: .thresholdMs)
        code = try container.decodeIfPresent(Int.self, forKey: .code)
        byRemote = try container.decodeIfPresent(Bool.self, forKey: .byRemote)
        if type == .webSocketClosed {
            closeReason = try container.decodeIfPresent(String.self, forKey: .reason)
        } else {
            reason = try container.decodeIfPresent(TrackEndReason.self, forKey: .reason)
        }
    }
}
