/// A Lavalink/lavaplayer audio track as carried in the `encoded` track string.
///
/// A decoded track keeps every byte it was made from (header flags, the opaque source-specific
/// bytes), so ``TrackCodec/encode(_:)`` reproduces the original string byte for byte.
public struct Track: Hashable, Sendable {
    /// The track info version: 1, 2 or 3. Version 2 adds ``uri``; version 3 adds ``artworkUrl`` and ``isrc``.
    public var version: UInt8
    /// The two header flag bits. Bit 0 set means a version byte follows the header (always 1 for versions 2 and 3).
    public var flags: UInt8
    /// The track title.
    public var title: String
    /// The author or uploader.
    public var author: String
    /// The duration in milliseconds; `Int64.max` for streams and unknown durations.
    public var length: Int64
    /// The source's identifier for the track (a YouTube video id, a URL, ...).
    public var identifier: String
    /// Whether the track is a live stream.
    public var isStream: Bool
    /// The track's URL (version 2 and later).
    public var uri: String?
    /// The artwork URL (version 3).
    public var artworkUrl: String?
    /// The International Standard Recording Code (version 3).
    public var isrc: String?
    /// The name of the source manager that made the track (`youtube`, `http`, `spotify`, ...).
    public var sourceName: String
    /// The source manager's own bytes, kept opaque so a round trip is byte-exact. See ``probeInfo`` and ``lavaSrcFields``.
    public var sourceSpecificBytes: [UInt8]
    /// The playback position in milliseconds.
    public var position: Int64

    /// Creates a track.
    /// - Parameters:
    ///   - title: The track title.
    ///   - author: The author.
    ///   - length: The duration in milliseconds (`Int64.max` for streams).
    ///   - identifier: The source's identifier.
    ///   - isStream: Whether the track is a live stream.
    ///   - uri: The URL (written for version 2 and later).
    ///   - artworkUrl: The artwork URL (written for version 3).
    ///   - isrc: The ISRC (written for version 3).
    ///   - sourceName: The source manager name.
    ///   - sourceSpecificBytes: The source manager's own bytes (for example from ``Track/probeInfoBytes(_:)``).
    ///   - position: The playback position in milliseconds.
    ///   - version: The track info version, 1 to 3; 3 by default.
    public init(
        title: String, author: String, length: Int64, identifier: String, isStream: Bool,
        uri: String? = nil, artworkUrl: String? = nil, isrc: String? = nil, sourceName: String,
        sourceSpecificBytes: [UInt8] = [], position: Int64 = 0, version: UInt8 = 3
    ) {
        self.version = version
        self.flags = version == 1 ? 0 : 1
        self.title = title
        self.author = author
        self.length = length
        self.identifier = identifier
        self.isStream = isStream
        self.uri = uri
        self.artworkUrl = artworkUrl
        self.isrc = isrc
        self.sourceName = sourceName
        self.sourceSpecificBytes = sourceSpecificBytes
        self.position = position
    }
}
