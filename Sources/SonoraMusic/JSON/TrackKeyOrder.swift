/// The keys of a track object and its `info`, predicted from the order the body's previous track used.
///
/// The tracks of one `/v4/loadtracks` body are written by one serializer, so their keys come in one order
/// (Lavalink's Jackson order, or sorted). Each slot of an object remembers which key came there last time;
/// the scanner first compares the bytes at the index with that key's whole `"name":` token (two masked
/// 8-byte compares) and only on a miss reads the key generically and updates the slot. A miss costs the
/// generic path and nothing else, so any order, whitespace, escapes or unknown keys still parse as before.
///
/// A miss whose key starts the rest of a known `info` order (Lavalink's own, or sorted) takes that order for the
/// remaining slots, so the first track of a sorted body misses once instead of at every key.
struct TrackKeyOrder {
    /// A field of a track object (``encoded`` ... ``userData``) or of its `info` (``identifier`` ... ``sourceName``).
    typealias Field = UInt8

    static let encoded: Field = 0, info: Field = 1, pluginInfo: Field = 2, userData: Field = 3
    static let identifier: Field = 4, isSeekable: Field = 5, author: Field = 6, length: Field = 7, isStream: Field = 8
    static let position: Field = 9, title: Field = 10, uri: Field = 11, artworkUrl: Field = 12, isrc: Field = 13
    static let sourceName: Field = 14
    /// Any other key (never predicted).
    static let unknown: Field = 15

    /// Four bits per slot: the field that came at that position of a track object last time (up to 16 slots).
    var track: UInt64 = 0x3210
    /// The same for the `info` object, starting from Lavalink's own order.
    var info: UInt64 = lavalinkInfo

    /// `info` in Lavalink's own order: identifier, isSeekable, author, length, isStream, position, title, uri,
    /// artworkUrl, isrc, sourceName.
    static let lavalinkInfo: UInt64 = 0xEDC_BA98_7654
    /// `info` with sorted keys (Jackson's or Python's `sort_keys`): artworkUrl, author, identifier, isSeekable,
    /// isStream, isrc, length, position, sourceName, title, uri.
    static let sortedInfo: UInt64 = 0xBAE_97D8_546C

    /// The known order (``lavalinkInfo`` or ``sortedInfo``) with `field` at the slot that starts at bit `shift`.
    static func knownOrder(with field: Field, at shift: UInt64) -> UInt64? {
        guard field >= identifier && field != unknown else { return nil }
        if (lavalinkInfo &>> shift) & 0xF == UInt64(field) { return lavalinkInfo }
        if (sortedInfo &>> shift) & 0xF == UInt64(field) { return sortedInfo }
        return nil
    }

    /// The field a generic key names, or ``unknown``.
    @inline(__always)
    static func field(_ key: JSONKey) -> Field {
        switch key {
        case JSONKey.Known.encoded: return encoded
        case JSONKey.Known.info: return info
        case JSONKey.Known.pluginInfo: return pluginInfo
        case JSONKey.Known.userData: return userData
        case JSONKey.Known.identifier: return identifier
        case JSONKey.Known.isSeekable: return isSeekable
        case JSONKey.Known.author: return author
        case JSONKey.Known.length: return length
        case JSONKey.Known.isStream: return isStream
        case JSONKey.Known.position: return position
        case JSONKey.Known.title: return title
        case JSONKey.Known.uri: return uri
        case JSONKey.Known.artworkUrl: return artworkUrl
        case JSONKey.Known.isrc: return isrc
        case JSONKey.Known.sourceName: return sourceName
        default: return unknown
        }
    }

    /// A key's compact token `"name":` as two little-endian words with the masks of its bytes.
    struct Token {
        var low: UInt64, high: UInt64, lowMask: UInt64, highMask: UInt64, count: Int
    }

    /// The token of `field`; ``unknown``'s never matches (no token starts with eight zero bytes).
    @inline(__always)
    static func token(_ field: Field) -> Token {
        switch field {
        case 0: return Token(low: 0x6465646F636E6522, high: 0x3A22, lowMask: ~0, highMask: 0xFFFF, count: 10)
        case 1: return Token(low: 0x003A226F666E6922, high: 0, lowMask: 0x00FFFFFFFFFFFFFF, highMask: 0, count: 7)
        case 2: return Token(low: 0x496E6967756C7022, high: 0x3A226F666E, lowMask: ~0, highMask: 0xFFFFFFFFFF, count: 13)
        case 3: return Token(low: 0x7461447265737522, high: 0x3A2261, lowMask: ~0, highMask: 0xFFFFFF, count: 11)
        case 4: return Token(low: 0x6669746E65646922, high: 0x3A22726569, lowMask: ~0, highMask: 0xFFFFFFFFFF, count: 13)
        case 5: return Token(low: 0x616B656553736922, high: 0x3A22656C62, lowMask: ~0, highMask: 0xFFFFFFFFFF, count: 13)
        case 6: return Token(low: 0x22726F6874756122, high: 0x3A, lowMask: ~0, highMask: 0xFF, count: 9)
        case 7: return Token(low: 0x226874676E656C22, high: 0x3A, lowMask: ~0, highMask: 0xFF, count: 9)
        case 8: return Token(low: 0x6165727453736922, high: 0x3A226D, lowMask: ~0, highMask: 0xFFFFFF, count: 11)
        case 9: return Token(low: 0x6F697469736F7022, high: 0x3A226E, lowMask: ~0, highMask: 0xFFFFFF, count: 11)
        case 10: return Token(low: 0x3A22656C74697422, high: 0, lowMask: ~0, highMask: 0, count: 8)
        case 11: return Token(low: 0x00003A2269727522, high: 0, lowMask: 0x0000FFFFFFFFFFFF, highMask: 0, count: 6)
        case 12: return Token(low: 0x6B726F7774726122, high: 0x3A226C7255, lowMask: ~0, highMask: 0xFFFFFFFFFF, count: 13)
        case 13: return Token(low: 0x003A226372736922, high: 0, lowMask: 0x00FFFFFFFFFFFFFF, highMask: 0, count: 7)
        case 14: return Token(low: 0x4E656372756F7322, high: 0x3A22656D61, lowMask: ~0, highMask: 0xFFFFFFFFFF, count: 13)
        default: return Token(low: 0, high: 0, lowMask: ~0, highMask: 0, count: 0)
        }
    }
}

extension JSONScanner {
    /// Reads the key at `slot` of an object whose slots `order` predicts: the predicted token when the bytes
    /// match it, else the generic key (and the slot learns it). The index is then on the value.
    /// - Throws: `invalidJSON` for a missing or malformed key.
    @inline(__always)
    mutating func readField(_ order: inout UInt64, slot: Int, _ context: StaticString) throws(MusicError) -> TrackKeyOrder.Field {
        if slot < 16 && index &+ 16 <= size {
            let shift = UInt64(truncatingIfNeeded: slot &<< 2)
            let predicted = TrackKeyOrder.Field(truncatingIfNeeded: order &>> shift) & 0xF
            let token = TrackKeyOrder.token(predicted)
            let low = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let high = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self))
            if (low ^ token.low) & token.lowMask | (high ^ token.high) & token.highMask == 0 {
                index &+= token.count
                return predicted
            }
        }
        return try readFieldGenerically(&order, slot: slot, context)
    }

    /// ``readField(_:slot:_:)``'s miss: the generic key, which the slot then predicts.
    @inline(never)
    mutating func readFieldGenerically(_ order: inout UInt64, slot: Int, _ context: StaticString) throws(MusicError) -> TrackKeyOrder.Field {
        let field = TrackKeyOrder.field(try readKey(context))
        if slot < 16 {
            let shift = UInt64(truncatingIfNeeded: slot &<< 2)
            if let known = TrackKeyOrder.knownOrder(with: field, at: shift) {
                // The later slots take the known order's keys, except those that learned an unknown key: they
                // keep it, as they would have without the known order.
                let later = UInt64.max &<< shift & ~(0xF &<< shift)
                let unknownSlots = (order & order &>> 1 & order &>> 2 & order &>> 3 & 0x1111_1111_1111_1111) &* 0xF & later
                let rest = UInt64.max &<< shift
                order = order & ~rest | known & rest | unknownSlots
            } else {
                order = order & ~(0xF &<< shift) | UInt64(field) &<< shift
            }
        }
        return field
    }

    /// Consumes the `,` or `}` after a member (compact bodies without a whitespace scan).
    /// - Returns: `true` when another member follows.
    @inline(__always)
    mutating func nextMember(_ context: StaticString) throws(MusicError) -> Bool {
        if index < size {
            let byte = bytes[index]
            if byte == UInt8(ascii: ",") { index &+= 1; return true }
            if byte == UInt8(ascii: "}") { index &+= 1; return false }
        }
        return try endMember(context)
    }

    /// Reads a boolean, comparing `true`/`false` as one word when the body is long enough.
    @inline(__always)
    mutating func readBoolFast(_ context: StaticString) throws(MusicError) -> Bool {
        if index &+ 8 <= size {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            if word & 0xFFFF_FFFF == 0x6575_7274 { index &+= 4; return true }  // "true"
            if word & 0xFF_FFFF_FFFF == 0x65_736C_6166 { index &+= 5; return false }  // "false"
        }
        return try readBool(context)
    }

    /// Reads an integer; up to 18 plain digits (with an optional `-`) are read without overflow checks.
    @inline(__always)
    mutating func readInt64Fast(_ context: StaticString) throws(MusicError) -> Int64 {
        let start = index
        var at = index
        let count = size
        let negative = at < count && bytes[at] == UInt8(ascii: "-")
        if negative { at &+= 1 }
        let first = at
        if first &+ 8 <= count, let (digits, value) = Self.shortInteger(base.loadUnaligned(fromByteOffset: first, as: UInt64.self)) {
            // One to seven digits and the byte after them, in one word.
            let next = bytes[first &+ digits]
            if next != UInt8(ascii: ".") && next | 0x20 != UInt8(ascii: "e") {
                index = first &+ digits
                return negative ? 0 &- value : value
            }
        }
        var value: Int64 = 0
        while at < count && at &- first < 18 {
            let digit = bytes[at] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ Int64(digit)
            at &+= 1
        }
        // A plain integer ends here: not at 18 digits, and no fraction, exponent or further digit follows.
        if at > first && at &- first < 18 && at < count {
            let next = bytes[at]
            if next &- UInt8(ascii: "0") >= 10 && next != UInt8(ascii: ".") && next | 0x20 != UInt8(ascii: "e") {
                index = at
                return negative ? 0 &- value : value
            }
        }
        index = start
        return try readInt64(context)
    }

    /// The digits that start `word` (eight bytes of the body, little-endian) and their value, when one to seven
    /// digits are followed by another byte in the word; `nil` otherwise.
    @inline(__always)
    static func shortInteger(_ word: UInt64) -> (digits: Int, value: Int64)? {
        // The high bit of each byte that is not a digit: below '0', above '9' (+0x46 carries out of 0x3A...0x7F),
        // or 0x80 and more. A borrow or carry only crosses out of such a byte, so the lowest set bit is exact.
        let word = UInt64(littleEndian: word)
        let zeros: UInt64 = 0x3030_3030_3030_3030
        let nonDigits = (word | (word &- zeros) | (word &+ 0x4646_4646_4646_4646)) & 0x8080_8080_8080_8080
        let digits = nonDigits.trailingZeroBitCount &>> 3
        guard digits > 0 && digits < 8 else { return nil }
        // The digits moved to the top bytes (leading zeros below), then summed in pairs, fours and eights.
        var value = (word &- zeros) &<< UInt64(truncatingIfNeeded: (8 &- digits) &* 8)
        value = (value &* (10 &<< 8 &+ 1)) &>> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* (100 &<< 16 &+ 1)) &>> 16
        value = ((value & 0x0000_FFFF_0000_FFFF) &* (10_000 &<< 32 &+ 1)) &>> 32
        return (digits, Int64(truncatingIfNeeded: value))
    }

    /// Consumes `null` if it is next (a word compare when the body is long enough).
    @inline(__always)
    mutating func skipNullFast() -> Bool {
        if index &+ 4 <= size {
            if base.loadUnaligned(fromByteOffset: index, as: UInt32.self) == UInt32(littleEndian: 0x6C6C_756E) {
                index &+= 4
                return true
            }
            if bytes[index] == UInt8(ascii: "\"") { return false }
        }
        return skipNull()
    }

    /// Reads a string that is usually right at the index (no whitespace before it).
    @inline(__always)
    mutating func readStringFast(_ context: StaticString) throws(MusicError) -> String {
        if index < size && bytes[index] == UInt8(ascii: "\"") {
            let start = index &+ 1
            let (end, shape) = try scanString()
            return try makeString(from: start, to: end, shape)
        }
        return try readString(context)
    }
}
