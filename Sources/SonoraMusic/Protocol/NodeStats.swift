import Foundation

/// A Lavalink node's statistics: the body of `GET /v4/stats` and of the websocket `stats` op.
public struct NodeStats: Hashable, Sendable, Codable {
    /// Memory figures in bytes.
    public struct Memory: Hashable, Sendable, Codable {
        public var free: Int64
        public var used: Int64
        public var allocated: Int64
        public var reservable: Int64
    }

    /// CPU figures.
    public struct CPU: Hashable, Sendable, Codable {
        public var cores: Int
        public var systemLoad: Double
        public var lavalinkLoad: Double
    }

    /// Audio frame figures for the last minute (websocket only; `nil` when there are no players).
    public struct FrameStats: Hashable, Sendable, Codable {
        public var sent: Int
        public var nulled: Int
        public var deficit: Int
    }

    /// The number of players.
    public var players: Int
    /// The number of players playing a track.
    public var playingPlayers: Int
    /// The node's uptime in milliseconds.
    public var uptime: Int64
    /// Memory figures.
    public var memory: Memory
    /// CPU figures.
    public var cpu: CPU
    /// Frame figures (websocket `stats` only).
    public var frameStats: FrameStats?

    /// Decodes a `/v4/stats` body.
    /// - Parameter json: The body.
    /// - Returns: The statistics.
    /// - Throws: ``MusicError`` `invalidJSON`.
    public static func decode(json: Data) throws(MusicError) -> NodeStats {
        try JSONDecoding.decode(NodeStats.self, from: json, what: "/v4/stats response")
    }
}
