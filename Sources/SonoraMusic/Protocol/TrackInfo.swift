/// The `info` object of a Lavalink v4 track, as the server reports it in JSON.
///
/// `length` here is the server's `AudioTrack.getDuration()` and may differ from the length inside `encoded`.
public struct TrackInfo: Hashable, Sendable, Codable {
    public var identifier: String
    public var isSeekable: Bool
    public var author: String
    public var length: Int64
    public var isStream: Bool
    public var position: Int64
    public var title: String
    public var uri: String?
    public var artworkUrl: String?
    public var isrc: String?
    public var sourceName: String

    /// Creates the JSON info of a decoded track, as Lavalink's `toInfo()` does (`isSeekable` is `!isStream`).
    /// - Parameter track: A decoded track.
    public init(_ track: Track) {
        identifier = track.identifier
        isSeekable = !track.isStream
        author = track.author
        length = track.length
        isStream = track.isStream
        position = track.position
        title = track.title
        uri = track.uri
        artworkUrl = track.artworkUrl
        isrc = track.isrc
        sourceName = track.sourceName
    }
}
