import Foundation

/// A Lavalink node's build and capabilities: the body of `GET /v4/info`.
public struct NodeInfo: Hashable, Sendable, Codable {
    /// The server version.
    public struct Version: Hashable, Sendable, Codable {
        public var semver: String
        public var major: Int
        public var minor: Int
        public var patch: Int
        public var preRelease: String?
        public var build: String?
    }

    /// The server's git state at build time.
    public struct Git: Hashable, Sendable, Codable {
        public var branch: String
        public var commit: String
        public var commitTime: Int64
    }

    /// A loaded plugin.
    public struct Plugin: Hashable, Sendable, Codable {
        public var name: String
        public var version: String
    }

    public var version: Version
    /// Build time, milliseconds since the Unix epoch.
    public var buildTime: Int64
    public var git: Git
    public var jvm: String
    public var lavaplayer: String
    public var sourceManagers: [String]
    public var filters: [String]
    public var plugins: [Plugin]

    /// Decodes a `/v4/info` body.
    /// - Parameter json: The body.
    /// - Returns: The info.
    /// - Throws: ``MusicError`` `invalidJSON`.
    public static func decode(json: Data) throws(MusicError) -> NodeInfo {
        try JSONDecoding.decode(NodeInfo.self, from: json, what: "/v4/info response")
    }
}
