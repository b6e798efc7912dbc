/// Strict standard base64 (RFC 4648, `+` `/`, `=` padding), as `java.util.Base64.getEncoder()` writes it.
///
/// Written here because the track decoder is on the hot path of every track load; this one decodes
/// straight from the string's UTF-8 storage into caller-provided memory with a constant lookup table.
enum Base64 {
    /// The 6-bit value of each byte, or 0x40 (`@`) when the byte is not in the alphabet.
    ///
    /// A `StaticString` so the table is constant data: no lazy initialization, no reference counting.
    private static var decodeTable: StaticString {
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@>@@@?456789:;<=@@@@@@@\u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}@@@@@@\u{1A}\u{1B}\u{1C}\u{1D}\u{1E}\u{1F} !\"#$%&'()*+,-./0123@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@"
    }

    /// Four tables of 256 entries: each character's 6 bits already shifted to their place in a 24-bit group
    /// (first character `<< 18`, ..., fourth `<< 0`), or `0xFF00_0000` for a character outside the alphabet, so a
    /// quad decodes with four loads and three ORs, and one test finds any bad character.
    private static let quadTables: [UInt32] = {
        var tables = [UInt32](repeating: 0xFF00_0000, count: 4 * 256)
        let alphabet = Self.alphabet.utf8Start
        for value in 0..<64 {
            let character = Int(alphabet[value])
            for position in 0..<4 { tables[position * 256 + character] = UInt32(value) << UInt32(18 - 6 * position) }
        }
        return tables
    }()

    /// The 12 bits of every pair of characters (the first character's 6 bits on top), indexed by the pair read as
    /// a little-endian 16-bit word, or `0x8000` when either character is outside the alphabet: two quads are then
    /// four loads. 128 KiB, of which base64 text touches only the 64 × 64 valid pairs (about 12 KiB of lines).
    private static let pairTable: [UInt16] = {
        var table = [UInt16](repeating: 0x8000, count: 65_536)
        let alphabet = Self.alphabet.utf8Start
        for first in 0..<64 {
            for second in 0..<64 { table[Int(alphabet[first]) | Int(alphabet[second]) << 8] = UInt16(first << 6 | second) }
        }
        return table
    }()

    private static var alphabet: StaticString { "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" }

    /// Decodes base64 text.
    /// - Parameter text: The encoded characters (ASCII).
    /// - Returns: The decoded bytes.
    /// - Throws: ``MusicError`` `notBase64` with the character offset of the problem.
    /// - Complexity: O(*n*).
    static func decode(_ text: UnsafeBufferPointer<UInt8>) throws(MusicError) -> [UInt8] {
        var failure: MusicError?
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count / 4 * 3) { out, initialized in
            do throws(MusicError) { initialized = try decode(text, into: out) } catch { failure = error; initialized = 0 }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Decodes base64 text into a buffer of at least `text.count / 4 * 3` bytes.
    /// - Parameters:
    ///   - text: The encoded characters (ASCII).
    ///   - out: Where the bytes go.
    /// - Returns: The number of bytes written.
    /// - Throws: ``MusicError`` `notBase64` with the character offset of the problem.
    /// - Complexity: O(*n*), no allocation.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) throws(MusicError) -> Int {
        let count = text.count
        guard count % 4 == 0 else {
            throw MusicError(.notBase64, "track string of \(count) characters is not a multiple of 4 (padding missing or text cut)", offset: count)
        }
        if count == 0 { return 0 }
        precondition(out.count >= count / 4 * 3, "base64 output buffer too small")
        var padding = 0
        if text[count - 1] == UInt8(ascii: "=") { padding = text[count - 2] == UInt8(ascii: "=") ? 2 : 1 }
        var failure = -1
        let table = decodeTable.utf8Start
        let written: Int = {
            var written = 0
            var index = 0
            let fullQuads = padding == 0 ? count : count - 4
            let characters = UnsafeRawPointer(text.baseAddress!)
            let output = out.baseAddress!
            pairTable.withUnsafeBufferPointer { pairs in
                let pairs = pairs.baseAddress!
                // Two quads per step through the pair table, their six bytes stored as one 8-byte word (the two
                // spare bytes are overwritten by the next step), while the output has room for the whole word.
                let outputCount = out.count
                while index &+ 8 <= fullQuads && written &+ 8 <= outputCount {
                    let word = UInt64(littleEndian: characters.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    let a = UInt64(pairs[Int(word & 0xFFFF)]), b = UInt64(pairs[Int(word &>> 16 & 0xFFFF)])
                    let c = UInt64(pairs[Int(word &>> 32 & 0xFFFF)]), d = UInt64(pairs[Int(word &>> 48)])
                    if (a | b | c | d) & 0x8000 != 0 { break }  // the quad loop below finds and reports it
                    let six = a &<< 52 | b &<< 40 | c &<< 28 | d &<< 16
                    UnsafeMutableRawPointer(output + written).storeBytes(of: six.bigEndian, as: UInt64.self)
                    written &+= 6
                    index &+= 8
                }
            }
            quadTables.withUnsafeBufferPointer { tables in
                let tables = tables.baseAddress!
                while index < fullQuads {
                    let quad = UInt32(littleEndian: characters.loadUnaligned(fromByteOffset: index, as: UInt32.self))
                    let group = tables[Int(quad & 0xFF)] | tables[256 + Int(quad >> 8 & 0xFF)]
                        | tables[512 + Int(quad >> 16 & 0xFF)] | tables[768 + Int(quad >> 24)]
                    if group & 0xFF00_0000 != 0 {
                        let a = table[Int(text[index])], b = table[Int(text[index + 1])], c = table[Int(text[index + 2])]
                        failure = index + (a == 0x40 ? 0 : b == 0x40 ? 1 : c == 0x40 ? 2 : 3)
                        return
                    }
                    output[written] = UInt8(truncatingIfNeeded: group >> 16)
                    output[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                    output[written + 2] = UInt8(truncatingIfNeeded: group)
                    written += 3
                    index += 4
                }
            }
            if failure >= 0 { return 0 }
            if padding > 0 {
                let a = table[Int(text[index])], b = table[Int(text[index + 1])]
                let c = padding == 2 ? 0 : table[Int(text[index + 2])]
                if a == 0x40 { failure = index } else if b == 0x40 { failure = index + 1 } else if c == 0x40 {
                    failure = index + 2
                } else if padding == 2 ? (b & 0x0F != 0) : (c & 0x03 != 0) {
                    failure = index + 3 - padding  // non-zero bits that the padding discards
                }
                if failure >= 0 { return 0 }
                let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
                out[written] = UInt8(truncatingIfNeeded: group >> 16)
                written += 1
                if padding == 1 {
                    out[written] = UInt8(truncatingIfNeeded: group >> 8)
                    written += 1
                }
            }
            return written
        }()
        if failure >= 0 {
            let byte = text[failure]
            let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(ModifiedUTF8.hex(byte))"
            throw MusicError(
                .notBase64,
                "track string is not standard base64: \(shown) at character \(failure) is not allowed there",
                offset: failure
            )
        }
        return written
    }

    /// Encodes bytes as padded standard base64.
    /// - Complexity: O(*n*).
    static func encode(_ bytes: [UInt8]) -> String {
        let count = bytes.count
        let outputCount = (count + 2) / 3 * 4
        let alphabet = Self.alphabet.utf8Start
        return String(unsafeUninitializedCapacity: outputCount) { out in
            var index = 0
            var written = 0
            while index + 3 <= count {
                let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                out[written] = alphabet[Int(group >> 18)]
                out[written + 1] = alphabet[Int(group >> 12 & 0x3F)]
                out[written + 2] = alphabet[Int(group >> 6 & 0x3F)]
                out[written + 3] = alphabet[Int(group & 0x3F)]
                index += 3
                written += 4
            }
            let left = count - index
            if left > 0 {
                let group = UInt32(bytes[index]) << 16 | (left == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
                out[written] = alphabet[Int(group >> 18)]
                out[written + 1] = alphabet[Int(group >> 12 & 0x3F)]
                out[written + 2] = left == 2 ? alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "=")
                out[written + 3] = UInt8(ascii: "=")
                written += 4
            }
            return written
        }
    }
}
