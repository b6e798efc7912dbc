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

    /// A key's compact token `"name":` after the byte before it (`{` or `,`), as two little-endian words with the
    /// masks of its bytes. The first byte is left 0 here; the caller puts the separator it expects there.
    struct Token {
        var low: UInt64, high: UInt64, lowMask: UInt64, highMask: UInt64, count: Int

        /// The token without its separator byte (for a key read after its separator was consumed).
        @inline(__always)
        var withoutSeparator: Token {
            Token(
                low: low &>> 8 | high &<< 56, high: high &>> 8, lowMask: lowMask &>> 8 | highMask &<< 56,
                highMask: highMask &>> 8, count: count &- 1)
        }
    }

    /// The token of `field`; ``unknown``'s is the separator and eight zero bytes, which no key starts with.
    @inline(__always)
    static func token(_ field: Field) -> Token {
        switch field {
        case 0: return Token(low: 0x65646F636E652200, high: 0x3A2264, lowMask: ~0, highMask: 0xFFFFFF, count: 11)
        case 1: return Token(low: 0x3A226F666E692200, high: 0, lowMask: ~0, highMask: 0, count: 8)
        case 2: return Token(low: 0x6E6967756C702200, high: 0x3A226F666E49, lowMask: ~0, highMask: 0xFFFFFFFFFFFF, count: 14)
        case 3: return Token(low: 0x6144726573752200, high: 0x3A226174, lowMask: ~0, highMask: 0xFFFFFFFF, count: 12)
        case 4: return Token(low: 0x69746E6564692200, high: 0x3A2272656966, lowMask: ~0, highMask: 0xFFFFFFFFFFFF, count: 14)
        case 5: return Token(low: 0x6B65655373692200, high: 0x3A22656C6261, lowMask: ~0, highMask: 0xFFFFFFFFFFFF, count: 14)
        case 6: return Token(low: 0x726F687475612200, high: 0x3A22, lowMask: ~0, highMask: 0xFFFF, count: 10)
        case 7: return Token(low: 0x6874676E656C2200, high: 0x3A22, lowMask: ~0, highMask: 0xFFFF, count: 10)
        case 8: return Token(low: 0x6572745373692200, high: 0x3A226D61, lowMask: ~0, highMask: 0xFFFFFFFF, count: 12)
        case 9: return Token(low: 0x697469736F702200, high: 0x3A226E6F, lowMask: ~0, highMask: 0xFFFFFFFF, count: 12)
        case 10: return Token(low: 0x22656C7469742200, high: 0x3A, lowMask: ~0, highMask: 0xFF, count: 9)
        case 11: return Token(low: 0x003A226972752200, high: 0, lowMask: 0x00FFFFFFFFFFFFFF, highMask: 0, count: 7)
        case 12: return Token(low: 0x726F777472612200, high: 0x3A226C72556B, lowMask: ~0, highMask: 0xFFFFFFFFFFFF, count: 14)
        case 13: return Token(low: 0x3A22637273692200, high: 0, lowMask: ~0, highMask: 0, count: 8)
        case 14: return Token(low: 0x656372756F732200, high: 0x3A22656D614E, lowMask: ~0, highMask: 0xFFFFFFFFFFFF, count: 14)
        default: return Token(low: 0, high: 0, lowMask: ~0, highMask: 0xFF, count: 1)
        }
    }
}

extension JSONScanner {
    /// Consumes an object's `{` and reads its first key, which slot 0 of `order` predicts (see ``readField(_:slot:_:)``).
    /// The index is then on the value.
    /// - Returns: The key's field, or `nil` when the object is empty (its `}` is consumed too).
    /// - Throws: `invalidJSON` when the next value is not an object, or for a missing or malformed key.
    @inline(__always)
    mutating func readFirstField(_ order: inout UInt64, _ context: StaticString) throws(MusicError) -> TrackKeyOrder.Field? {
        if let field = predictedField(after: UInt8(ascii: "{"), order, slot: 0) { return field }
        return try readFieldSlowly(after: UInt8(ascii: "{"), &order, slot: 0, context)
    }

    /// Consumes the `,` after a member and reads the next key, at `slot`; or consumes the object's `}`.
    /// - Returns: The key's field, or `nil` at the end of the object.
    /// - Throws: `invalidJSON` for anything but `,` or `}`, or for a missing or malformed key.
    @inline(__always)
    mutating func readNextField(_ order: inout UInt64, slot: Int, _ context: StaticString) throws(MusicError) -> TrackKeyOrder.Field? {
        if let field = predictedField(after: UInt8(ascii: ","), order, slot: slot) { return field }
        if index < size && bytes[index] == UInt8(ascii: "}") {
            index &+= 1
            return nil
        }
        return try readFieldSlowly(after: UInt8(ascii: ","), &order, slot: slot, context)
    }

    /// ``readFirstField(_:_:)`` or ``readNextField(_:slot:_:)`` when the separator and the predicted key are not
    /// next: the separator (`{` or `,`, or the `}` that ends the object), then the key. Out of line, so that the
    /// common path inlines.
    @inline(never)
    mutating func readFieldSlowly(
        after separator: UInt8, _ order: inout UInt64, slot: Int, _ context: StaticString
    ) throws(MusicError) -> TrackKeyOrder.Field? {
        guard try separator == UInt8(ascii: "{") ? beginObject(context) : nextMember(context) else { return nil }
        return try readField(&order, slot: slot, context)
    }

    /// The predicted key at `slot` when the bytes at the index are exactly `separator` and its token (consumed);
    /// otherwise `nil` and nothing consumed, and the caller takes the separator and the key one after the other,
    /// which gives the same field, index and errors.
    @inline(__always)
    mutating func predictedField(after separator: UInt8, _ order: UInt64, slot: Int) -> TrackKeyOrder.Field? {
        // 17 bytes: as many as the key alone needs after its separator, so both ways read a key alike.
        guard slot < 16 && index &+ 17 <= size else { return nil }
        let predicted = TrackKeyOrder.Field(truncatingIfNeeded: order &>> UInt64(truncatingIfNeeded: slot &<< 2)) & 0xF
        let token = TrackKeyOrder.token(predicted)
        let low = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        let high = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self))
        guard (low ^ (token.low | UInt64(separator))) & token.lowMask | (high ^ token.high) & token.highMask == 0 else {
            return nil
        }
        index &+= token.count
        return predicted
    }

    /// Reads the key at `slot` of an object whose slots `order` predicts: the predicted token when the bytes
    /// match it, else the generic key (and the slot learns it). The index is then on the value.
    /// - Throws: `invalidJSON` for a missing or malformed key.
    @inline(__always)
    mutating func readField(_ order: inout UInt64, slot: Int, _ context: StaticString) throws(MusicError) -> TrackKeyOrder.Field {
        if slot < 16 && index &+ 16 <= size {
            let shift = UInt64(truncatingIfNeeded: slot &<< 2)
            let predicted = TrackKeyOrder.Field(truncatingIfNeeded: order &>> shift) & 0xF
            let token = TrackKeyOrder.token(predicted).withoutSeparator
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
