/// An object key of up to 16 bytes packed into two little-endian words, so that matching a key is two compares.
///
/// The known keys of Lavalink's payloads are constants (``JSONKey/Known``); a longer key gets a code that
/// matches none of them.
struct JSONKey: Hashable {
    var low: UInt64
    var high: UInt64
    var count: Int

    /// Packs `count` bytes at `start` of `bytes`.
    @inline(__always)
    init(_ bytes: UnsafeRawBufferPointer, start: Int, count: Int) {
        self.count = count
        guard count <= 16 else {
            low = 0
            high = 0
            return
        }
        if start + 16 <= bytes.count {
            let first = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            let second = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self))
            low = count >= 8 ? first : first & ((1 << UInt64(count * 8)) &- 1)
            high = count <= 8 ? 0 : count == 16 ? second : second & ((1 << UInt64((count - 8) * 8)) &- 1)
        } else {
            var words: (UInt64, UInt64) = (0, 0)
            for offset in 0..<count {
                let byte = UInt64(bytes[start + offset])
                if offset < 8 { words.0 |= byte << UInt64(offset * 8) } else { words.1 |= byte << UInt64((offset - 8) * 8) }
            }
            (low, high) = words
        }
    }

    @inline(__always)
    init(low: UInt64, high: UInt64, count: Int) {
        self.low = low
        self.high = high
        self.count = count
    }

    @inline(__always)
    static func == (lhs: JSONKey, rhs: JSONKey) -> Bool {
        lhs.low == rhs.low && lhs.high == rhs.high && lhs.count == rhs.count
    }

    /// Lets a `switch` over a key compare with the concrete `==`, not through `Equatable`.
    @inline(__always)
    static func ~= (pattern: JSONKey, value: JSONKey) -> Bool {
        pattern == value
    }
}

extension JSONKey {
    /// The keys of `/v4/loadtracks` bodies (computed constants, so reading one costs nothing).
    enum Known {
        static var loadType: JSONKey { JSONKey(low: 0x6570795464616F6C, high: 0x0000000000000000, count: 8) }
        static var data: JSONKey { JSONKey(low: 0x0000000061746164, high: 0x0000000000000000, count: 4) }
        static var tracks: JSONKey { JSONKey(low: 0x0000736B63617274, high: 0x0000000000000000, count: 6) }
        static var info: JSONKey { JSONKey(low: 0x000000006F666E69, high: 0x0000000000000000, count: 4) }
        static var pluginInfo: JSONKey { JSONKey(low: 0x6E496E6967756C70, high: 0x0000000000006F66, count: 10) }
        static var userData: JSONKey { JSONKey(low: 0x6174614472657375, high: 0x0000000000000000, count: 8) }
        static var encoded: JSONKey { JSONKey(low: 0x006465646F636E65, high: 0x0000000000000000, count: 7) }
        static var name: JSONKey { JSONKey(low: 0x00000000656D616E, high: 0x0000000000000000, count: 4) }
        static var selectedTrack: JSONKey { JSONKey(low: 0x64657463656C6573, high: 0x0000006B63617254, count: 13) }
        static var message: JSONKey { JSONKey(low: 0x006567617373656D, high: 0x0000000000000000, count: 7) }
        static var severity: JSONKey { JSONKey(low: 0x7974697265766573, high: 0x0000000000000000, count: 8) }
        static var cause: JSONKey { JSONKey(low: 0x0000006573756163, high: 0x0000000000000000, count: 5) }
        static var causeStackTrace: JSONKey { JSONKey(low: 0x6174536573756163, high: 0x0065636172546B63, count: 15) }
        static var identifier: JSONKey { JSONKey(low: 0x696669746E656469, high: 0x0000000000007265, count: 10) }
        static var isSeekable: JSONKey { JSONKey(low: 0x62616B6565537369, high: 0x000000000000656C, count: 10) }
        static var author: JSONKey { JSONKey(low: 0x0000726F68747561, high: 0x0000000000000000, count: 6) }
        static var length: JSONKey { JSONKey(low: 0x00006874676E656C, high: 0x0000000000000000, count: 6) }
        static var isStream: JSONKey { JSONKey(low: 0x6D61657274537369, high: 0x0000000000000000, count: 8) }
        static var position: JSONKey { JSONKey(low: 0x6E6F697469736F70, high: 0x0000000000000000, count: 8) }
        static var title: JSONKey { JSONKey(low: 0x000000656C746974, high: 0x0000000000000000, count: 5) }
        static var uri: JSONKey { JSONKey(low: 0x0000000000697275, high: 0x0000000000000000, count: 3) }
        static var artworkUrl: JSONKey { JSONKey(low: 0x556B726F77747261, high: 0x0000000000006C72, count: 10) }
        static var isrc: JSONKey { JSONKey(low: 0x0000000063727369, high: 0x0000000000000000, count: 4) }
        static var sourceName: JSONKey { JSONKey(low: 0x614E656372756F73, high: 0x000000000000656D, count: 10) }
    }
}

extension JSONScanner {
    /// Consumes an object's `{`.
    /// - Returns: `false` when the object is empty (its `}` is consumed too).
    /// - Throws: `invalidJSON` when the next value is not an object.
    @inline(__always)
    mutating func beginObject(_ context: StaticString) throws(MusicError) -> Bool {
        guard peek() == UInt8(ascii: "{") else { throw failure("", context, " should be an object") }
        index += 1
        if peek() == UInt8(ascii: "}") {
            index += 1
            return false
        }
        return true
    }

    /// Reads a member's key and its `:`; the index is then on the value, which the caller must consume.
    /// - Throws: `invalidJSON` for a missing or malformed key.
    @inline(__always)
    mutating func readKey(_ context: StaticString) throws(MusicError) -> JSONKey {
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a key in ", context, "") }
        let start = index + 1
        if start &+ 16 <= size, let key = plainShortKey(at: start) {
            // The index is past the closing quote; compact bodies put the ':' right there.
            if index < size && bytes[index] == UInt8(ascii: ":") {
                index += 1
            } else {
                try expect(UInt8(ascii: ":"), "after a key")
            }
            return key
        }
        return try readLongKey(from: start)
    }

    /// ``readKey(_:)`` for a key that is long, escaped or near the end of the body, out of line so that the
    /// common short key stays small enough to inline.
    @inline(never)
    mutating func readLongKey(from start: Int) throws(MusicError) -> JSONKey {
        let (end, shape) = try scanString()
        let key: JSONKey
        if !shape.hasEscapes {
            key = JSONKey(bytes, start: start, count: end - start)
        } else {
            let text = Array(try makeString(from: start, to: end, shape).utf8)
            key = text.withUnsafeBytes { JSONKey($0, start: 0, count: $0.count) }
        }
        try expect(UInt8(ascii: ":"), "after a key")
        return key
    }

    /// A key of at most 15 plain ASCII bytes (no escape) starting at `start`, read as two words; the index moves past
    /// its closing quote. `nil` (the index unmoved) for anything else, which the general path then reads.
    /// - Precondition: `start + 16 <= size`.
    @inline(__always)
    mutating func plainShortKey(at start: Int) -> JSONKey? {
        let low = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        let lowSpecial = Self.specialBytes(low)
        if lowSpecial != 0 {
            let count = lowSpecial.trailingZeroBitCount >> 3
            guard bytes[start + count] == UInt8(ascii: "\"") else { return nil }
            index = start + count + 1
            return JSONKey(low: count == 0 ? 0 : low & (UInt64.max >> UInt64(64 - count * 8)), high: 0, count: count)
        }
        let high = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start &+ 8, as: UInt64.self))
        let highSpecial = Self.specialBytes(high)
        guard highSpecial != 0 else { return nil }
        let extra = highSpecial.trailingZeroBitCount >> 3
        guard bytes[start + 8 + extra] == UInt8(ascii: "\"") else { return nil }
        index = start + 8 + extra + 1
        return JSONKey(low: low, high: extra == 0 ? 0 : high & (UInt64.max >> UInt64(64 - extra * 8)), count: 8 + extra)
    }

    /// Consumes the `,` or `}` after a member.
    /// - Returns: `true` when another member follows.
    /// - Throws: `invalidJSON` for anything else.
    @inline(__always)
    mutating func endMember(_ context: StaticString) throws(MusicError) -> Bool {
        switch peek() {
        case UInt8(ascii: ","): index += 1; return true
        case UInt8(ascii: "}"): index += 1; return false
        default: throw failure("expected ',' or '}' in ", context, "")
        }
    }
}
