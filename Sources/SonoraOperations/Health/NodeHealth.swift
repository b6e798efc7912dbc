import SonoraMusic

/// What the last check of one node found.
public struct NodeHealth: Sendable {
    /// Whether a node is usable.
    public enum Status: String, Sendable {
        /// Not checked yet.
        case unknown
        /// The last check succeeded.
        case up
        /// The last check failed, but fewer than `maxFailures` times in a row.
        case degraded
        /// At least `maxFailures` checks in a row failed.
        case down
    }

    public var node: LavalinkNodeConfiguration
    public var status: Status
    public var consecutiveFailures: Int
    /// Why the last check failed (names the node and the endpoint; never the password).
    public var lastError: String?
    /// The time `/v4/stats` took to answer, in seconds, on the last success.
    public var responseTime: Double?
    /// `GET /version`'s body on the last success.
    public var version: String?
    public var stats: NodeStats?
    /// ``NodePenalty`` of ``stats``.
    public var penalty: Double? { stats.map(NodePenalty.of) }
}

/// A change of a node between usable and not, reported once per change.
public struct NodeTransition: Sendable {
    public enum Kind: String, Sendable {
        /// The node failed `maxFailures` checks in a row.
        case down
        /// A down node answered again.
        case recovered
    }

    public var kind: Kind
    public var health: NodeHealth
}
