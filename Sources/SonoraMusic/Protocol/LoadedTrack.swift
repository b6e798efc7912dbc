/// A track object in a Lavalink v4 JSON payload: `encoded`, `info`, `pluginInfo` and `userData`.
///
/// `pluginInfo` and `userData` from a parsed load result are kept as their JSON bytes and parsed when read.
public struct LoadedTrack: Hashable, Sendable, Codable {
    /// The base64 track string; decode it with ``decoded()``.
    public var encoded: String
    /// The server's JSON view of the track.
    public var info: TrackInfo
    /// Plugin data, kept as JSON.
    /// - Complexity: O(*n*) in its size per read of a parsed track (it is kept as bytes); O(1) for `{}`.
    public var pluginInfo: JSONValue {
        get { pluginInfoStorage.value }
        set { pluginInfoStorage = LazyJSON(newValue) }
    }
    /// Client data, kept as JSON.
    /// - Complexity: As ``pluginInfo``.
    public var userData: JSONValue {
        get { userDataStorage.value }
        set { userDataStorage = LazyJSON(newValue) }
    }

    var pluginInfoStorage: LazyJSON
    var userDataStorage: LazyJSON

    /// Creates a track payload from a track, as a Lavalink node would send it.
    /// - Parameter track: The track.
    /// - Throws: ``MusicError`` if the track cannot be encoded.
    public init(_ track: Track) throws(MusicError) {
        encoded = try TrackCodec.encode(track)
        info = TrackInfo(track)
        pluginInfoStorage = .emptyObject
        userDataStorage = .emptyObject
    }

    /// Creates a track payload from parsed parts.
    init(encoded: String, info: TrackInfo, pluginInfo: LazyJSON, userData: LazyJSON) {
        self.encoded = encoded
        self.info = info
        self.pluginInfoStorage = pluginInfo
        self.userDataStorage = userData
    }

    enum CodingKeys: String, CodingKey { case encoded, info, pluginInfo, userData }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        encoded = try container.decode(String.self, forKey: .encoded)
        info = try container.decode(TrackInfo.self, forKey: .info)
        pluginInfoStorage = LazyJSON(try container.decodeIfPresent(JSONValue.self, forKey: .pluginInfo) ?? .emptyObject)
        userDataStorage = LazyJSON(try container.decodeIfPresent(JSONValue.self, forKey: .userData) ?? .emptyObject)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(encoded, forKey: .encoded)
        try container.encode(info, forKey: .info)
        try container.encode(pluginInfo, forKey: .pluginInfo)
        try container.encode(userData, forKey: .userData)
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
