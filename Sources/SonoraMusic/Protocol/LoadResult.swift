import Foundation

/// The body of `GET /v4/loadtracks`: a `loadType` and its `data`.
///
/// Unknown keys are ignored. An `empty` result is accepted with `data: {}`, `data: null` or no `data`.
/// A load type this version does not know is kept, with its data in ``rawData``.
public struct LoadResult: Hashable, Sendable, Decodable {
    /// The kind of result, an extensible set of Lavalink's `loadType` values.
    public struct LoadType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// One track (`data` is a track).
        public static let track = LoadType(rawValue: "track")
        /// A playlist (`data` has `info`, `pluginInfo` and `tracks`).
        public static let playlist = LoadType(rawValue: "playlist")
        /// Search results (`data` is an array of tracks).
        public static let search = LoadType(rawValue: "search")
        /// Nothing matched.
        public static let empty = LoadType(rawValue: "empty")
        /// Loading failed (`data` is an exception).
        public static let error = LoadType(rawValue: "error")
    }

    /// The playlist's `info`.
    public struct PlaylistInfo: Hashable, Sendable, Codable {
        /// The playlist name.
        public var name: String
        /// The index of the selected track, or -1 when none is selected.
        public var selectedTrack: Int

        /// Creates playlist info.
        public init(name: String, selectedTrack: Int = -1) {
            self.name = name
            self.selectedTrack = selectedTrack
        }
    }

    /// The kind of result.
    public var loadType: LoadType
    /// The loaded tracks: one for `track`, all for `playlist` and `search`, none otherwise.
    public var tracks: [LoadedTrack]
    // The optional properties are spelled `Optional<…>`, not `…?`: a `var x: T?` is first set to `nil` by every
    // initializer and then assigned again, which made the parser's `LoadResult(...)` copy and destroy a whole
    // result (four retains and releases per body, measured). The type, and so the API, is the same.

    /// The playlist info for `playlist`.
    public var playlist: Optional<PlaylistInfo>
    /// The playlist's `pluginInfo` for `playlist`.
    public var pluginInfo: Optional<JSONValue>
    /// The exception for `error`.
    public var exception: Optional<LavalinkException>
    /// The `data` of a load type this version does not know.
    public var rawData: Optional<JSONValue>

    /// Creates a result.
    public init(
        loadType: LoadType, tracks: [LoadedTrack] = [], playlist: PlaylistInfo? = nil,
        pluginInfo: JSONValue? = nil, exception: LavalinkException? = nil, rawData: JSONValue? = nil
    ) {
        self.loadType = loadType
        self.tracks = tracks
        self.playlist = playlist
        self.pluginInfo = pluginInfo
        self.exception = exception
        self.rawData = rawData
    }

    private enum CodingKeys: String, CodingKey { case loadType, data }
    private enum PlaylistKeys: String, CodingKey { case info, pluginInfo, tracks }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        loadType = try container.decode(LoadType.self, forKey: .loadType)
        tracks = []
        playlist = nil
        pluginInfo = nil
        exception = nil
        rawData = nil
        switch loadType {
        case .track:
            tracks = [try container.decode(LoadedTrack.self, forKey: .data)]
        case .search:
            tracks = try container.decode([LoadedTrack].self, forKey: .data)
        case .playlist:
            let data = try container.nestedContainer(keyedBy: PlaylistKeys.self, forKey: .data)
            playlist = try data.decode(PlaylistInfo.self, forKey: .info)
            pluginInfo = try data.decodeIfPresent(JSONValue.self, forKey: .pluginInfo) ?? .emptyObject
            tracks = try data.decode([LoadedTrack].self, forKey: .tracks)
        case .error:
            exception = try container.decode(LavalinkException.self, forKey: .data)
        case .empty:
            break
        default:
            rawData = try container.decodeIfPresent(JSONValue.self, forKey: .data)
        }
    }
}
