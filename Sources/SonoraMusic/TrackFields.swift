/// Every field of a ``Track`` and of a ``TrackInfo`` as stored properties, written once: what both build their
/// box from, their setters' scratch copy, and (through ``CodingKeys``) the `Codable` form of ``TrackInfo``,
/// Lavalink's `info` keys in Lavalink's order.
///
/// The two differ in a few fields, each said here once: a track also has a ``version``, header ``flags`` and
/// opaque ``sourceSpecificBytes`` and keeps its texts in Java modified UTF-8; an info also has ``isSeekable`` and
/// keeps its texts in UTF-8.
struct TrackFields: Codable {
    var identifier: String
    /// An info's: whether the track can seek (Lavalink's `toInfo()` says `!isStream`).
    var isSeekable = false
    var author: String
    var length: Int64
    var isStream: Bool
    var position: Int64
    var title: String
    var uri: String?
    var artworkUrl: String?
    var isrc: String?
    var sourceName: String
    /// A track's: the track info version.
    var version = TrackCodec.latestVersion
    /// A track's: the two header flag bits.
    var flags: UInt8 = 1
    /// A track's: the source manager's own bytes.
    var sourceSpecificBytes: [UInt8] = []

    /// ``TrackInfo``'s keys, in the order Lavalink writes them (and `encode(to:)` does).
    enum CodingKeys: String, CodingKey {
        case identifier, isSeekable, author, length, isStream, position, title, uri, artworkUrl, isrc, sourceName
    }
}

extension TrackFields {
    /// The fields held in `box`, a track's (modified UTF-8) or an info's (UTF-8; its slot 7, a loaded track's
    /// `encoded` string, is not a field).
    /// - Complexity: O(*n*) in the size of the texts.
    init(_ box: TrackBox) {
        typealias Slot = TrackBox.Slot
        let header = box.header
        self.init(
            identifier: box.text(Slot.identifier), isSeekable: header.isSeekable, author: box.text(Slot.author),
            length: header.length, isStream: header.isStream, position: header.position, title: box.text(Slot.title),
            uri: box.optionalText(Slot.uri), artworkUrl: box.optionalText(Slot.artworkUrl),
            isrc: box.optionalText(Slot.isrc), sourceName: box.text(Slot.sourceName), version: header.version,
            flags: header.flags,
            sourceSpecificBytes: header.modifiedUTF8 ? [UInt8](box.bytes(Slot.sourceSpecific)) : [])
    }

    /// A box holding these fields: a track's when `track` (modified UTF-8 texts, the version, flags, identifier
    /// string and source bytes), else an info's (UTF-8 texts and `isSeekable`).
    /// - Complexity: O(*n*) in the size of the texts; one allocation.
    func box(track: Bool) -> TrackBox {
        typealias Slot = TrackBox.Slot
        var builder = TrackBoxBuilder(modifiedUTF8: track)
        builder.header.length = length
        builder.header.position = position
        builder.header.isStream = isStream
        if track {
            builder.header.version = version
            builder.header.flags = flags
            builder.header.identifier = identifier
        } else {
            builder.header.isSeekable = isSeekable
        }
        builder.add(Slot.identifier, identifier)
        builder.add(Slot.author, author)
        builder.add(Slot.title, title)
        builder.add(Slot.uri, uri)
        builder.add(Slot.artworkUrl, artworkUrl)
        builder.add(Slot.isrc, isrc)
        builder.add(Slot.sourceName, sourceName)
        if track { builder.add(Slot.sourceSpecific, bytes: sourceSpecificBytes) }
        return builder.make()
    }
}
