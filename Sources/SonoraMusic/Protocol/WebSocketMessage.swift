import Foundation

/// A message a Lavalink node sends on its websocket: `ready`, `playerUpdate`, `stats` or `event`.
///
/// Exactly one of ``ready``, ``playerUpdate``, ``stats`` and ``event`` is set for the known ops;
/// an op this version does not know leaves all of them `nil`.
public struct WebSocketMessage: Hashable, Sendable, Decodable {
    /// The message kind, an extensible set of Lavalink's `op` values.
    public struct Op: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let ready = Op(rawValue: "ready")
        public static let playerUpdate = Op(rawValue: "playerUpdate")
        public static let stats = Op(rawValue: "stats")
        public static let event = Op(rawValue: "event")
    }

    /// The `ready` op: the session is open.
    public struct Ready: Hashable, Sendable, Codable {
        /// Whether a previous session was resumed.
        public var resumed: Bool
        /// The session id, used in REST paths.
        public var sessionId: String
    }

    /// The `playerUpdate` op: a player's state, sent every few seconds.
    public struct PlayerUpdate: Hashable, Sendable, Codable {
        /// A player's state.
        public struct State: Hashable, Sendable, Codable {
            /// Unix time in milliseconds.
            public var time: Int64
            /// The position in the track in milliseconds.
            public var position: Int64
            /// Whether the node is connected to the voice gateway.
            public var connected: Bool
            /// The voice gateway ping in milliseconds, -1 when not connected.
            public var ping: Int64
        }

        /// The guild the player belongs to.
        public var guildId: String
        /// The player's state.
        public var state: State
    }

    /// The kind of message.
    public var op: Op
    /// Set for `ready`.
    public var ready: Ready?
    /// Set for `playerUpdate`.
    public var playerUpdate: PlayerUpdate?
    /// Set for `stats`.
    public var stats: NodeStats?
    /// Set for `event`.
    public var event: PlayerEvent?

    private enum CodingKeys: String, CodingKey { case op }

    public init(from decoder: any Decoder) throws {
        op = try decoder.container(keyedBy: CodingKeys.self).decode(Op.self, forKey: .op)
        switch op {
        case .ready: ready = try Ready(from: decoder)
        case .playerUpdate: playerUpdate = try PlayerUpdate(from: decoder)
        case .stats: stats = try NodeStats(from: decoder)
        case .event: event = try PlayerEvent(from: decoder)
        default: break
        }
    }

    /// Decodes one websocket text frame.
    /// - Parameter json: The frame's text.
    /// - Returns: The message.
    /// - Throws: ``MusicError`` `invalidJSON` naming the failing key.
    /// - Complexity: O(*n*) in the size of the frame.
    public static func decode(json: Data) throws(MusicError) -> WebSocketMessage {
        try JSONDecoding.decode(WebSocketMessage.self, from: json, what: "websocket message")
    }
}
