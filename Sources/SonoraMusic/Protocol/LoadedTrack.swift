/// A track object in a Lavalink v4 JSON payload: `encoded`, `info`, `pluginInfo` and `userData`.
public struct LoadedTrack: Hashable, Sendable, Codable {
    /// The base64 track string; decode it with ``decoded()``.
    public var encoded: String
    /// The server's JSON view of the track.
    public var info: TrackInfo
    /// Plugin data, kept as JSON.
    public var pluginInfo: JSONValue
    /// Client data, kept as JSON.
    public var userData: JSONValue

    /// Creates a track payload from a track, as a Lavalink node would send it.
    /// - Parameter track: The track.
    /// - Throws: ``MusicError`` if the track cannot be encoded.
    public init(_ track: Track) throws(MusicError) {
        encoded = try TrackCodec.encode(track)
        info = TrackInfo(track)
        pluginInfo = .emptyObject
        userData = .emptyObject
    }

    enum CodingKeys: String, CodingKey { case encoded, info, pluginInfo, userData }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        encoded = try container.decode(String.self, forKey: .encoded)
        info = try container.decode(TrackInfo.self, forKey: .info)
        pluginInfo = try container.decodeIfPresent(JSONValue.self, forKey: .pluginInfo) ?? .emptyObject
        userData = try container.decodeIfPresent(JSONValue.self, forKey: .userData) ?? .emptyObject
    }

    /// Decodes ``encoded``.
    /// - Returns: The track.
    /// - Throws: ``MusicError/Code-swift.struct/invalidTrack`` naming the track, with the codec error as the cause.
    /// - Complexity: O(*n*) in the length of ``encoded``.
    public func decoded() throws(MusicError) -> Track {
        do {
            return try TrackCodec.decode(encoded)
        } catch {
            throw MusicError(
                .invalidTrack,
                "encoded string of track '\(info.title)' (\(info.identifier)) does not decode: \(error.message)",
                offset: error.offset, cause: error
            )
        }
    }
}
