/// The `info` object of a Lavalink v4 track, as the server reports it in JSON.
///
/// `length` here is the server's `AudioTrack.getDuration()` and may differ from the length inside `encoded`.
///
/// The fields live in one immutable box (``TrackBox``) that a parsed load result fills with the bytes of each
/// text copied out of the body, so a parsed track costs one allocation. The text properties are made from those
/// bytes when read: O(*n*) in their length, with no allocation for ASCII texts of at most 15 bytes. Setting a
/// field makes a new box.
public struct TrackInfo: Hashable, Sendable, Codable {
    typealias Slot = TrackBox.Slot

    /// The fields. Immutable once made (a change makes a new box), so sharing it is safe; `ManagedBuffer` cannot say so.
    nonisolated(unsafe) var box: TrackBox

    public var identifier: String { get { box.text(Slot.identifier) } set { update { $0.identifier = newValue } } }
    public var isSeekable: Bool { get { box.header.isSeekable } set { update { $0.isSeekable = newValue } } }
    public var author: String { get { box.text(Slot.author) } set { update { $0.author = newValue } } }
    public var length: Int64 { get { box.header.length } set { update { $0.length = newValue } } }
    public var isStream: Bool { get { box.header.isStream } set { update { $0.isStream = newValue } } }
    public var position: Int64 { get { box.header.position } set { update { $0.position = newValue } } }
    public var title: String { get { box.text(Slot.title) } set { update { $0.title = newValue } } }
    public var uri: String? { get { box.optionalText(Slot.uri) } set { update { $0.uri = newValue } } }
    public var artworkUrl: String? { get { box.optionalText(Slot.artworkUrl) } set { update { $0.artworkUrl = newValue } } }
    public var isrc: String? { get { box.optionalText(Slot.isrc) } set { update { $0.isrc = newValue } } }
    public var sourceName: String { get { box.text(Slot.sourceName) } set { update { $0.sourceName = newValue } } }

    /// Info over a box of UTF-8 texts (the parser's path; slot 7 may hold the loaded track's `encoded`).
    init(box: TrackBox) { self.box = box }

    /// Creates the JSON info of a decoded track, as Lavalink's `toInfo()` does (`isSeekable` is `!isStream`).
    /// - Parameter track: A decoded track.
    public init(_ track: Track) {
        var fields = track.fields
        fields.isSeekable = !track.isStream
        box = fields.box(track: false)
    }

    /// Changes fields through a copy with stored properties, then packs it into a new box.
    private mutating func update(_ change: (inout TrackFields) -> Void) {
        var fields = TrackFields(box)
        change(&fields)
        box = fields.box(track: false)
    }

    public static func == (lhs: TrackInfo, rhs: TrackInfo) -> Bool {
        if lhs.box === rhs.box { return true }
        let left = lhs.box.header, right = rhs.box.header
        return left.isSeekable == right.isSeekable && left.length == right.length && left.isStream == right.isStream
            && left.position == right.position && lhs.box.textsEqual(rhs.box, Slot.texts)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isSeekable)
        hasher.combine(length)
        hasher.combine(isStream)
        hasher.combine(position)
        box.hashTexts(Slot.texts, into: &hasher)
    }
}

extension TrackInfo {
    /// Decodes Lavalink's `info` object (`TrackFields` holds its keys and their order).
    public init(from decoder: any Decoder) throws {
        box = try TrackFields(from: decoder).box(track: false)
    }

    public func encode(to encoder: any Encoder) throws {
        try TrackFields(box).encode(to: encoder)
    }
}
