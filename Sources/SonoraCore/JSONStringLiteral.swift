/// The one JSON string escaper behind Sonora's hand-written JSON: track JSON, JSON log lines and
/// the profile exports.
///
/// `"` and `\` are escaped, `\n`, `\r` and `\t` by name, and every other character below U+0020
/// as `\u00XX` (lowercase hex); everything else is copied as UTF-8.
///
/// ```swift
/// JSONStringLiteral.string("say \"hi\"\n")  // "\"say \\\"hi\\\"\\n\""
/// ```
public enum JSONStringLiteral {
    /// Appends `text` to `bytes` as a quoted JSON string literal.
    /// - Parameters:
    ///   - text: The text to write.
    ///   - bytes: The buffer the literal is appended to.
    ///   - escapingDeleteAndLineSeparators: Also escape U+007F, U+2028 and U+2029 (as `\u007f`,
    ///     `\u2028`, `\u2029`), so a log line stays one line for tools that read it as JavaScript.
    /// - Complexity: O(*n*) in the UTF-8 length of `text`.
    @inlinable
    public static func append(_ text: String, to bytes: inout [UInt8], escapingDeleteAndLineSeparators: Bool = false) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): appendASCII("\\\"", to: &bytes)
            case UInt8(ascii: "\\"): appendASCII("\\\\", to: &bytes)
            case 0x0A: appendASCII("\\n", to: &bytes)
            case 0x0D: appendASCII("\\r", to: &bytes)
            case 0x09: appendASCII("\\t", to: &bytes)
            case 0 ..< 0x20: appendUnicodeEscape(UInt16(byte), to: &bytes)
            case 0x7F where escapingDeleteAndLineSeparators: appendUnicodeEscape(0x7F, to: &bytes)
            case 0xA8, 0xA9:
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9. Inside the literal every escape is
                // ASCII, so E2 80 just before a continuation byte can only be the same character's
                // lead bytes, copied raw a moment ago.
                let count = bytes.count
                if escapingDeleteAndLineSeparators, count >= 2, bytes[count - 2] == 0xE2, bytes[count - 1] == 0x80 {
                    bytes.removeLast(2)
                    appendUnicodeEscape(0x2000 + UInt16(byte - 0x80), to: &bytes)
                } else {
                    bytes.append(byte)
                }
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `text` as a quoted JSON string literal.
    /// - Parameters:
    ///   - text: The text to write.
    ///   - escapingDeleteAndLineSeparators: Also escape U+007F, U+2028 and U+2029.
    /// - Returns: The literal, quotes included.
    /// - Complexity: O(*n*) in the UTF-8 length of `text`.
    @inlinable
    public static func string(_ text: String, escapingDeleteAndLineSeparators: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        append(text, to: &bytes, escapingDeleteAndLineSeparators: escapingDeleteAndLineSeparators)
        return String(decoding: bytes, as: UTF8.self)
    }

    @inlinable
    static func appendASCII(_ text: StaticString, to bytes: inout [UInt8]) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `\uXXXX` with four lowercase hex digits.
    @inlinable
    static func appendUnicodeEscape(_ value: UInt16, to bytes: inout [UInt8]) {
        appendASCII("\\u", to: &bytes)
        for shift in stride(from: 12, through: 0, by: -4) {
            let digit = UInt8((value >> UInt16(shift)) & 0xF)
            bytes.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
    }
}
