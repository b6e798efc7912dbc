/// Makes a `String` of at most 15 ASCII bytes without the general initializer's validation and dispatch.
///
/// Swift stores such strings inline in the string's two words: the bytes in order, and the top byte of the
/// second word holding `0xE0 | count` (small, ASCII). `String(decoding:as:)` builds the same two words after
/// checking the bytes it was given; on the load-tracks hot path the scanner has already proved them ASCII, so
/// this builds the words directly. The layout is checked once against `String(decoding:as:)`; if a
/// future runtime differs, every call falls back to the ordinary initializer.
enum SmallASCIIString {
    /// Whether this runtime lays out small ASCII strings as described (checked once, on first use).
    static let layoutHolds: Bool = {
        let samples = ["", "a", "abcdefg", "abcdefgh", "abcdefghijklmno"]
        for sample in samples {
            let bytes = Array(sample.utf8)
            let built = bytes.withUnsafeBytes { make($0, start: 0, count: $0.count) }
            let reference = String(decoding: bytes, as: UTF8.self)
            guard built == reference, built.utf8.count == bytes.count, Array(built.utf8) == bytes,
                  unsafeBitCast(reference, to: (UInt64, UInt64).self) == unsafeBitCast(built, to: (UInt64, UInt64).self)
            else { return false }
        }
        return true
    }()

    /// The string of `count` (at most 15) ASCII bytes at `start`.
    /// - Precondition: every byte is below 0x80 and `count <= 15`.
    @inline(__always)
    static func make(_ bytes: UnsafeRawBufferPointer, start: Int, count: Int) -> String {
        var low: UInt64 = 0
        var high: UInt64 = 0
        if start + 16 <= bytes.count {
            let first = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            let second = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self))
            low = count >= 8 ? first : (count == 0 ? 0 : first & (UInt64.max >> UInt64(64 - count * 8)))
            high = count <= 8 ? 0 : second & (UInt64.max >> UInt64(64 - (count - 8) * 8))
        } else if count <= 8 && start + 8 <= bytes.count {
            // Near the end of the body (a trailing `loadType`): one word still fits.
            let first = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            low = count == 0 ? 0 : first & (UInt64.max >> UInt64(64 - count * 8))
        } else {
            for offset in 0..<count {
                let byte = UInt64(bytes[start + offset])
                if offset < 8 { low |= byte << UInt64(offset * 8) } else { high |= byte << UInt64((offset - 8) * 8) }
            }
        }
        high |= (0xE0 | UInt64(count)) << 56
        return unsafeBitCast((low, high), to: String.self)
    }
}
