/// Strict standard base64 (RFC 4648, `+` `/`, `=` padding), as `java.util.Base64.getEncoder()` writes it.
///
/// Written here because the track decoder is on the hot path of every track load; this one decodes
/// straight from the string's UTF-8 storage with a lookup table and one allocation.
enum Base64 {
    /// The 6-bit value of each ASCII byte, or `0xFF` when the byte is not in the alphabet.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Decodes base64 text.
    /// - Parameter text: The encoded characters (ASCII).
    /// - Returns: The decoded bytes.
    /// - Throws: ``MusicError/Code-swift.struct/notBase64`` with the character offset of the problem.
    /// - Complexity: O(*n*).
    static func decode(_ text: UnsafeBufferPointer<UInt8>) throws(MusicError) -> [UInt8] {
        let count = text.count
        guard count % 4 == 0 else {
            throw MusicError(.notBase64, "track string of \(count) characters is not a multiple of 4 (padding missing or text cut)", offset: count)
        }
        if count == 0 { return [] }
        var padding = 0
        if text[count - 1] == UInt8(ascii: "=") { padding = text[count - 2] == UInt8(ascii: "=") ? 2 : 1 }
        let outputCount = count / 4 * 3 - padding
        var failure = -1
        let output = decodeTable.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: outputCount) { out, initialized in
                var written = 0
                var index = 0
                let fullQuads = padding == 0 ? count : count - 4
                while index < fullQuads {
                    let a = table[Int(text[index])], b = table[Int(text[index + 1])]
                    let c = table[Int(text[index + 2])], d = table[Int(text[index + 3])]
                    if (a | b | c | d) & 0xC0 != 0 {
                        failure = index + [a, b, c, d].firstIndex(where: { $0 == 0xFF })!
                        initialized = 0
                        return
                    }
                    let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    out[written] = UInt8(truncatingIfNeeded: group >> 16)
                    out[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                    out[written + 2] = UInt8(truncatingIfNeeded: group)
                    written += 3
                    index += 4
                }
                if padding > 0 {
                    let a = table[Int(text[index])], b = table[Int(text[index + 1])]
                    let c = padding == 2 ? 0 : table[Int(text[index + 2])]
                    if a == 0xFF { failure = index } else if b == 0xFF { failure = index + 1 } else if c == 0xFF {
                        failure = index + 2
                    } else if padding == 2 ? (b & 0x0F != 0) : (c & 0x03 != 0) {
                        failure = index + 3 - padding  // non-zero bits that the padding discards
                    }
                    if failure >= 0 { initialized = 0; return }
                    let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
                    out[written] = UInt8(truncatingIfNeeded: group >> 16)
                    written += 1
                    if padding == 1 {
                        out[written] = UInt8(truncatingIfNeeded: group >> 8)
                        written += 1
                    }
                }
                initialized = written
            }
        }
        if failure >= 0 {
            let byte = text[failure]
            let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(ModifiedUTF8.hex(byte))"
            throw MusicError(
                .notBase64,
                "track string is not standard base64: \(shown) at character \(failure) is not allowed there",
                offset: failure
            )
        }
        return output
    }

    /// Encodes bytes as padded standard base64.
    /// - Complexity: O(*n*).
    static func encode(_ bytes: [UInt8]) -> String {
        let count = bytes.count
        let outputCount = (count + 2) / 3 * 4
        return alphabet.withUnsafeBufferPointer { alphabet in
            String(unsafeUninitializedCapacity: outputCount) { out in
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
}
