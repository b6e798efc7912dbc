/// A Lavalink/lavaplayer audio track as carried in the `encoded` track string.
///
/// A decoded track keeps every byte it was made from (header flags, the opaque source-specific
/// bytes), so ``TrackCodec/encode(_:)`` reproduces the original string byte for byte.
///
/// The fields live in one shared, immutable box, so copying a track (into a queue, its history, an event)
/// is one reference count, and a queue moves 8-byte values. Setting a field copies the box first.
public struct Track: Hashable, Sendable {
    /// The fields; never mutated once shared (see ``Track/update(_:)``).
    final class Storage: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    /// Every stored field of a track.
    struct Fields: Hashable, Sendable {
        var version: UInt8
        var flags: UInt8
        var title: String
        var author: String
        var length: Int64
        var identifier: String
        var isStream: Bool
        var uri: String?
        var artworkUrl: String?
        var isrc: String?
        var sourceName: String
        var sourceSpecificBytes: [UInt8]
        var position: Int64
    }

    private var storage: Storage

    /// The fields, read without copying.
    @inline(__always)
    var fields: Fields { storage.fields }

    /// The first machine word of the box (its type metadata pointer), read without a reference count: loading it
    /// brings the box, refcount included, into the cache. See ``TrackTable/touch(_:count:)``.
    @inline(__always)
    var boxWord: UInt {
        Unmanaged.passUnretained(storage).toOpaque().load(as: UInt.self)
    }

    /// Changes fields: a new box, so copies of this track that share the old one are untouched.
    @inline(__always)
    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = storage.fields
        change(&fields)
        storage = Storage(fields)
    }

    /// The track info version: 1, 2 or 3. Version 2 adds ``uri``; version 3 adds ``artworkUrl`` and ``isrc``.
    public var version: UInt8 { get { fields.version } set { update { $0.version = newValue } } }
    /// The two header flag bits. Bit 0 set means a version byte follows the header (always 1 for versions 2 and 3).
    public var flags: UInt8 { get { fields.flags } set { update { $0.flags = newValue } } }
    /// The track title.
    public var title: String { get { fields.title } set { update { $0.title = newValue } } }
    /// The author or uploader.
    public var author: String { get { fields.author } set { update { $0.author = newValue } } }
    /// The duration in milliseconds; `Int64.max` for streams and unknown durations.
    public var length: Int64 { get { fields.length } set { update { $0.length = newValue } } }
    /// The source's identifier for the track (a YouTube video id, a URL, ...).
    public var identifier: String { get { fields.identifier } set { update { $0.identifier = newValue } } }
    /// Whether the track is a live stream.
    public var isStream: Bool { get { fields.isStream } set { update { $0.isStream = newValue } } }
    /// The track's URL (version 2 and later).
    public var uri: String? { get { fields.uri } set { update { $0.uri = newValue } } }
    /// The artwork URL (version 3).
    public var artworkUrl: String? { get { fields.artworkUrl } set { update { $0.artworkUrl = newValue } } }
    /// The International Standard Recording Code (version 3).
    public var isrc: String? { get { fields.isrc } set { update { $0.isrc = newValue } } }
    /// The name of the source manager that made the track (`youtube`, `http`, `spotify`, ...).
    public var sourceName: String { get { fields.sourceName } set { update { $0.sourceName = newValue } } }
    /// The source manager's own bytes, kept opaque so a round trip is byte-exact. See ``probeInfo`` and ``lavaSrcFields``.
    public var sourceSpecificBytes: [UInt8] {
        get { fields.sourceSpecificBytes }
        set { update { $0.sourceSpecificBytes = newValue } }
    }
    /// The playback position in milliseconds.
    public var position: Int64 { get { fields.position } set { update { $0.position = newValue } } }

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
        self.init(flags: version == 1 ? 0 : 1, title: title, author: author, length: length, identifier: identifier,
                  isStream: isStream, uri: uri, artworkUrl: artworkUrl, isrc: isrc, sourceName: sourceName,
                  sourceSpecificBytes: sourceSpecificBytes, position: position, version: version)
    }

    /// Creates a track with explicit header flags (the decoder's path: one allocation for the box).
    init(
        flags: UInt8, title: String, author: String, length: Int64, identifier: String, isStream: Bool,
        uri: String?, artworkUrl: String?, isrc: String?, sourceName: String,
        sourceSpecificBytes: [UInt8], position: Int64, version: UInt8
    ) {
        storage = Storage(Fields(
            version: version, flags: flags, title: title, author: author, length: length, identifier: identifier,
            isStream: isStream, uri: uri, artworkUrl: artworkUrl, isrc: isrc, sourceName: sourceName,
            sourceSpecificBytes: sourceSpecificBytes, position: position))
    }

    public static func == (lhs: Track, rhs: Track) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.fields)
    }
}
