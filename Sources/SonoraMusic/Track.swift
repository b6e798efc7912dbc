/// A Lavalink/lavaplayer audio track as carried in the `encoded` track string.
///
/// A decoded track keeps every byte it was made from (header flags, the opaque source-specific
/// bytes), so ``TrackCodec/encode(_:)`` reproduces the original string byte for byte.
///
/// The fields live in one shared, immutable box (``TrackBox``): a decoded track's box holds its binary message
/// itself, so a track is one allocation, copying it (into a queue, its history, an event) is one reference count,
/// and a queue moves 8-byte values. The text properties are made from those bytes when read: O(*n*) in their
/// length, with no allocation for ASCII texts of at most 15 bytes (identifiers, source names, ISRCs). The
/// identifier, which a de-duplicating queue reads on every change, is also kept as a `String` made once. Setting a
/// field makes a new box.
public struct Track: Hashable, Sendable {
    // The box is immutable once made (a change makes a new one), so sharing it is safe; `ManagedBuffer` cannot say so.
    nonisolated(unsafe) private var storage: TrackBox

    /// A track over a box of modified UTF-8 texts (the decoder's path).
    init(storage: TrackBox) { self.storage = storage }

    /// The box, read without copying.
    @inline(__always)
    var box: TrackBox { storage }

    /// The fields, unpacked (every text becomes a `String`).
    var fields: TrackFields { TrackFields(storage) }

    /// Changes fields: a new box, so copies of this track that share the old one are untouched.
    private mutating func update(_ change: (inout TrackFields) -> Void) {
        var fields = self.fields
        change(&fields)
        storage = fields.box(track: true)
    }

    /// The track info version: 1, 2 or 3. Version 2 adds ``uri``; version 3 adds ``artworkUrl`` and ``isrc``.
    public var version: UInt8 { get { storage.header.version } set { update { $0.version = newValue } } }
    /// The two header flag bits. Bit 0 set means a version byte follows the header (always 1 for versions 2 and 3).
    public var flags: UInt8 { get { storage.header.flags } set { update { $0.flags = newValue } } }
    /// The track title.
    public var title: String { get { storage.text(TrackBox.Slot.title) } set { update { $0.title = newValue } } }
    /// The author or uploader.
    public var author: String { get { storage.text(TrackBox.Slot.author) } set { update { $0.author = newValue } } }
    /// The duration in milliseconds; `Int64.max` for streams and unknown durations.
    public var length: Int64 { get { storage.header.length } set { update { $0.length = newValue } } }
    /// The source's identifier for the track (a YouTube video id, a URL, ...).
    public var identifier: String { get { storage.header.identifier } set { update { $0.identifier = newValue } } }
    /// Whether the track is a live stream.
    public var isStream: Bool { get { storage.header.isStream } set { update { $0.isStream = newValue } } }
    /// The track's URL (version 2 and later).
    public var uri: String? { get { storage.optionalText(TrackBox.Slot.uri) } set { update { $0.uri = newValue } } }
    /// The artwork URL (version 3).
    public var artworkUrl: String? { get { storage.optionalText(TrackBox.Slot.artworkUrl) } set { update { $0.artworkUrl = newValue } } }
    /// The International Standard Recording Code (version 3).
    public var isrc: String? { get { storage.optionalText(TrackBox.Slot.isrc) } set { update { $0.isrc = newValue } } }
    /// The name of the source manager that made the track (`youtube`, `http`, `spotify`, ...).
    public var sourceName: String { get { storage.text(TrackBox.Slot.sourceName) } set { update { $0.sourceName = newValue } } }
    /// The source manager's own bytes, kept opaque so a round trip is byte-exact. See ``probeInfo`` and ``lavaSrcFields``.
    public var sourceSpecificBytes: [UInt8] {
        get { [UInt8](storage.bytes(TrackBox.Slot.sourceSpecific)) }
        set { update { $0.sourceSpecificBytes = newValue } }
    }
    /// The playback position in milliseconds.
    public var position: Int64 { get { storage.header.position } set { update { $0.position = newValue } } }

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

    /// Creates a track with explicit header flags.
    init(
        flags: UInt8, title: String, author: String, length: Int64, identifier: String, isStream: Bool,
        uri: String?, artworkUrl: String?, isrc: String?, sourceName: String,
        sourceSpecificBytes: [UInt8], position: Int64, version: UInt8
    ) {
        storage = TrackFields(
            identifier: identifier, author: author, length: length, isStream: isStream, position: position,
            title: title, uri: uri, artworkUrl: artworkUrl, isrc: isrc, sourceName: sourceName, version: version,
            flags: flags, sourceSpecificBytes: sourceSpecificBytes
        ).box(track: true)
    }

    public static func == (lhs: Track, rhs: Track) -> Bool {
        if lhs.storage === rhs.storage { return true }
        let left = lhs.storage.header, right = rhs.storage.header
        return left.version == right.version && left.flags == right.flags && left.length == right.length
            && left.isStream == right.isStream && left.position == right.position
            && lhs.storage.bytes(TrackBox.Slot.sourceSpecific).elementsEqual(rhs.storage.bytes(TrackBox.Slot.sourceSpecific))
            && lhs.storage.textsEqual(rhs.storage, TrackBox.Slot.texts)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(version)
        hasher.combine(flags)
        hasher.combine(length)
        hasher.combine(isStream)
        hasher.combine(position)
        hasher.combine(bytes: storage.bytes(TrackBox.Slot.sourceSpecific))
        storage.hashTexts(TrackBox.Slot.texts, into: &hasher)
    }
}
