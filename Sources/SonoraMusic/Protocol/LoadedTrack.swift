/// A track object in a Lavalink v4 JSON payload: `encoded`, `info`, `pluginInfo` and `userData`.
///
/// `pluginInfo` and `userData` from a parsed load result are kept as their JSON bytes and parsed when read.
public struct LoadedTrack: Hashable, Sendable, Codable {
    /// The base64 track string; decode it with ``decoded()``.
    /// - Complexity: O(*n*) per read of a parsed track (kept as bytes in the box its ``info`` shares).
    public var encoded: String {
        get { encodedBox.text(TrackBox.Slot.encoded) }
        set { encodedBox = Self.box(encoded: newValue) }
    }
    /// The box whose slot 7 holds ``encoded``. Immutable once made, so sharing it is safe; `ManagedBuffer` cannot say so.
    nonisolated(unsafe) var encodedBox: TrackBox
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
        encodedBox = Self.box(encoded: try TrackCodec.encode(track))
        info = TrackInfo(track)
        pluginInfoStorage = .emptyObject
        userDataStorage = .emptyObject
    }

    /// Creates a track payload from parsed parts: `info`'s box holds `encoded` too.
    init(info: TrackInfo, pluginInfo: LazyJSON, userData: LazyJSON) {
        self.encodedBox = info.box
        self.info = info
        self.pluginInfoStorage = pluginInfo
        self.userDataStorage = userData
    }

    enum CodingKeys: String, CodingKey { case encoded, info, pluginInfo, userData }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        encodedBox = Self.box(encoded: try container.decode(String.self, forKey: .encoded))
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
    /// - Throws: ``MusicError`` `invalidTrack` naming the track, with the codec error as the cause.
    /// - Complexity: O(*n*) in the length of ``encoded``.
    public func decoded() throws(MusicError) -> Track {
        do {
            return try withExtendedLifetime(encodedBox) { () throws(MusicError) -> Track in
                try TrackCodec.decode(base64: encodedBox.bytes(TrackBox.Slot.encoded).assumingMemoryBound(to: UInt8.self))
            }
        } catch {
            throw MusicError(
                .invalidTrack,
                "encoded string of track '\(info.title)' (\(info.identifier)) does not decode: \(error.message)",
                offset: error.offset, cause: error
            )
        }
    }

    /// A box holding only `encoded`.
    private static func box(encoded: String) -> TrackBox {
        var builder = TrackBoxBuilder(modifiedUTF8: false)
        builder.add(TrackBox.Slot.encoded, encoded)
        return builder.make()
    }

    public static func == (lhs: LoadedTrack, rhs: LoadedTrack) -> Bool {
        lhs.encodedBox.textsEqual(rhs.encodedBox, TrackBox.Slot.encoded..<(TrackBox.Slot.encoded + 1))
            && lhs.info == rhs.info && lhs.pluginInfoStorage == rhs.pluginInfoStorage
            && lhs.userDataStorage == rhs.userDataStorage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(encoded)
        hasher.combine(info)
        hasher.combine(pluginInfoStorage)
        hasher.combine(userDataStorage)
    }
}
