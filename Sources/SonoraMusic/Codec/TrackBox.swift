/// One allocation holding a track's fields: the numbers in the header, the texts as bytes in the tail.
///
/// A ``Track`` keeps its decoded binary message here as it came out of base64 (the texts in Java modified UTF-8,
/// found by their offsets), and a ``TrackInfo`` with its ``LoadedTrack``'s `encoded` string keeps the bytes its
/// parser copied out of the JSON body (UTF-8). A track then costs one allocation instead of a box plus one
/// per string longer than 15 bytes plus the source-specific array, and freeing it is one release.
/// Texts become `String`s when read (``text(_:)``); one of at most 15 ASCII bytes needs no allocation.
///
/// Immutable once made: every change makes a new box, so sharing one between threads is safe (hence
/// `@unchecked Sendable`, which `ManagedBuffer` cannot state itself).
final class TrackBox: ManagedBuffer<TrackBox.Header, UInt8> {
    /// Text slots. A ``Track`` and a ``TrackInfo`` share 0–6; 7 is the source-specific bytes of a track and the
    /// `encoded` string of a loaded track.
    enum Slot {
        static let identifier = 0, author = 1, title = 2, uri = 3, artworkUrl = 4, isrc = 5, sourceName = 6
        static let sourceSpecific = 7, encoded = 7
        /// The slots that hold the texts both kinds of box share.
        static let texts = 0..<7
    }

    /// The numbers of a track and where its texts are.
    struct Header {
        var length: Int64 = 0
        var position: Int64 = 0
        /// Each slot's first byte in the tail and byte count.
        var spans = Spans()
        /// The bytes in the tail (the rest of the capacity is unused).
        var size: UInt32 = 0
        /// Bit per slot: the slot has a value (the optional ``Slot/uri``, ``Slot/artworkUrl``, ``Slot/isrc``).
        var present: UInt8 = 0
        /// Bit per slot: its bytes are ASCII (the same in UTF-8 and modified UTF-8).
        var ascii: UInt8 = 0
        var version: UInt8 = 0
        var flags: UInt8 = 0
        var isStream = false
        var isSeekable = false
        /// Whether the texts are Java modified UTF-8 (a track's message) rather than UTF-8.
        var modifiedUTF8 = false
        /// A track's identifier, also made into a `String` once when the box is made: a queue that de-duplicates
        /// reads it on every change, and a longer one (a URL) would otherwise allocate on every read.
        /// Empty in a ``TrackInfo``'s box.
        var identifier = ""
    }

    /// A box with room for `capacity` bytes (plus 16, so short texts can be read as whole words) and an empty header.
    @inline(__always)
    static func make(capacity: Int) -> TrackBox {
        unsafeDowncast(create(minimumCapacity: capacity &+ 16) { _ in Header() }, to: TrackBox.self)
    }

    /// A box of UTF-8 or modified-UTF-8 `bytes` with the given header (`size` is set from the bytes).
    static func make(_ bytes: [UInt8], _ header: Header) -> TrackBox {
        let box = make(capacity: bytes.count)
        box.withUnsafeMutablePointers { head, tail in
            head.pointee = header
            head.pointee.size = UInt32(bytes.count)
            bytes.withUnsafeBufferPointer { tail.update(from: $0.baseAddress!, count: $0.count) }
        }
        return box
    }

    /// The tail's bytes.
    @inline(__always)
    var bytes: UnsafeRawBufferPointer {
        withUnsafeMutablePointers { head, tail in UnsafeRawBufferPointer(start: tail, count: Int(head.pointee.size)) }
    }

    /// Whether `slot` has a value.
    @inline(__always)
    func has(_ slot: Int) -> Bool { header.present & (1 &<< UInt8(slot)) != 0 }

    /// The bytes of `slot` (empty when absent).
    @inline(__always)
    func bytes(_ slot: Int) -> UnsafeRawBufferPointer {
        let spans = header.spans, start = spans.start(slot), count = spans.count(slot)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<(start &+ count)])
    }

    /// The text in `slot` as a `String` (`""` when absent).
    /// - Complexity: O(*n*) in its bytes; no allocation for ASCII of at most 15 bytes.
    @inline(__always)
    func text(_ slot: Int) -> String {
        let spans = header.spans, start = spans.start(slot), count = spans.count(slot)
        let ascii = header.ascii & (1 &<< UInt8(slot)) != 0
        return withUnsafeMutablePointers { head, tail in
            // The 16 spare bytes make a word read past a short text's end stay inside the allocation.
            let all = UnsafeRawBufferPointer(start: tail, count: Int(head.pointee.size) &+ 16)
            return Self.string(all, start: start, count: count, ascii: ascii, modifiedUTF8: head.pointee.modifiedUTF8)
        }
    }

    /// The text of `count` bytes at `start` in `bytes`, already checked.
    /// - Parameters:
    ///   - ascii: Whether the bytes are ASCII.
    ///   - modifiedUTF8: Whether they are Java modified UTF-8 rather than UTF-8.
    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer, start: Int, count: Int, ascii: Bool, modifiedUTF8: Bool) -> String {
        if ascii && count <= 15 && SmallASCIIString.layoutHolds { return SmallASCIIString.make(bytes, start: start, count: count) }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<(start &+ count)])
        if ascii || !modifiedUTF8 { return String(decoding: slice, as: UTF8.self) }
        return ModifiedUTF8.string(fromValid: slice)
    }

    /// The text in an optional slot, or `nil`.
    @inline(__always)
    func optionalText(_ slot: Int) -> String? { has(slot) ? text(slot) : nil }

    /// Whether the texts in `slots` are equal as Swift strings (canonical equivalence), comparing bytes first.
    func textsEqual(_ other: TrackBox, _ slots: Range<Int>) -> Bool {
        let mask = slots.reduce(UInt8(0)) { $0 | 1 &<< UInt8($1) }
        guard header.present & mask == other.header.present & mask else { return false }
        for slot in slots where has(slot) {
            if bytes(slot).elementsEqual(other.bytes(slot)) && header.modifiedUTF8 == other.header.modifiedUTF8 { continue }
            let bothASCII = (header.ascii & other.header.ascii) & (1 &<< UInt8(slot)) != 0
            if bothASCII || text(slot) != other.text(slot) { return false }
        }
        return true
    }

    /// Feeds the texts in `slots` to `hasher` as strings (`nil` for an absent optional), as `==` compares them.
    func hashTexts(_ slots: Range<Int>, into hasher: inout Hasher) {
        for slot in slots { hasher.combine(optionalText(slot)) }
    }
}

/// Where each of the eight slots is in a box's tail: its first byte and byte count, packed in one word.
///
/// Plain words rather than `SIMD8`, whose 16-byte alignment made every box an aligned (`posix_memalign`) allocation.
struct Spans {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    @inline(__always)
    private func word(_ slot: Int) -> UInt64 {
        withUnsafeBytes(of: words) { $0.load(fromByteOffset: slot &* 8, as: UInt64.self) }
    }

    /// The first byte of `slot`.
    @inline(__always)
    func start(_ slot: Int) -> Int { Int(truncatingIfNeeded: word(slot) &>> 32) }

    /// The byte count of `slot`.
    @inline(__always)
    func count(_ slot: Int) -> Int { Int(truncatingIfNeeded: word(slot) & 0xFFFF_FFFF) }

    /// Places `slot`.
    @inline(__always)
    mutating func set(_ slot: Int, start: Int, count: Int) {
        let word = UInt64(truncatingIfNeeded: start) &<< 32 | UInt64(truncatingIfNeeded: count) & 0xFFFF_FFFF
        withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: word, toByteOffset: slot &* 8, as: UInt64.self) }
    }
}

/// Builds a box's tail from texts, one slot after another.
struct TrackBoxBuilder {
    var bytes: [UInt8] = []
    var header = TrackBox.Header()

    init(modifiedUTF8: Bool) {
        header.modifiedUTF8 = modifiedUTF8
        bytes.reserveCapacity(256)
    }

    /// Appends `text` (or nothing for `nil`) as `slot`.
    mutating func add(_ slot: Int, _ text: String?) {
        guard let text else { return }
        let start = bytes.count
        if header.modifiedUTF8 { ModifiedUTF8.encode(text, into: &bytes) } else { bytes.append(contentsOf: text.utf8) }
        mark(slot, start: start)
    }

    /// Appends raw bytes as `slot`.
    mutating func add(_ slot: Int, bytes raw: some Sequence<UInt8>) {
        let start = bytes.count
        bytes.append(contentsOf: raw)
        mark(slot, start: start)
    }

    private mutating func mark(_ slot: Int, start: Int) {
        header.spans.set(slot, start: start, count: bytes.count - start)
        header.present |= 1 << UInt8(slot)
        if bytes[start...].allSatisfy({ $0 < 0x80 }) { header.ascii |= 1 << UInt8(slot) }
    }

    /// The box.
    func make() -> TrackBox { TrackBox.make(bytes, header) }
}
