/// Java's modified UTF-8 (`DataInput.readUTF` / `DataOutput.writeUTF`), converted to and from Swift strings.
///
/// Decoding is stricter than Java in three ways, so that every accepted string re-encodes to the same bytes:
/// a raw `00` byte, an overlong form (other than `C0 80` for U+0000) and an unpaired surrogate are rejected.
/// Like Java, it rejects 4-byte UTF-8 sequences (`F0`...`F7`) and stray continuation bytes.
enum ModifiedUTF8 {
    /// Decodes `count` bytes at `start` in `buffer` into a string.
    /// - Parameters:
    ///   - buffer: The message bytes.
    ///   - start: The first byte of the string (after its length prefix).
    ///   - count: The number of encoded bytes.
    /// - Returns: The string.
    /// - Throws: ``MusicError`` `invalidModifiedUTF8` with the offset of the first bad byte.
    /// - Complexity: O(*n*); one allocation for the result, none for ASCII strings of up to 15 bytes.
    @inline(__always)
    static func decode(_ buffer: UnsafeRawBufferPointer, start: Int, count: Int) throws(MusicError) -> String {
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)])
        if try validate(buffer, start: start, count: count) {
            if count <= 15 && SmallASCIIString.layoutHolds { return SmallASCIIString.make(buffer, start: start, count: count) }
            return String(decoding: bytes, as: UTF8.self)
        }
        return string(fromValid: bytes)
    }

    /// Checks `count` bytes at `start` in `buffer`.
    /// - Returns: Whether they are plain ASCII (no NUL), so the same bytes in UTF-8.
    /// - Throws: ``MusicError`` `invalidModifiedUTF8` with the offset of the first bad byte.
    /// - Complexity: O(*n*), no allocation.
    @inline(__always)
    static func validate(_ buffer: UnsafeRawBufferPointer, start: Int, count: Int) throws(MusicError) -> Bool {
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)])
        // Fast path: plain ASCII without NUL, checked eight bytes at a time.
        var index = 0
        while index + 8 <= count {
            if !isPlainASCII(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { break }
            index += 8
        }
        if index < count && count - index < 8 {
            // The word loop ran out (it did not stop at a special byte): the last up to seven bytes as one word,
            // the string's own last eight when it has them, else eight from its start (a message always has the
            // 8-byte position after its strings) with the rest masked.
            if count >= 8 {
                if isPlainASCII(bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) { index = count }
            } else if start + 8 <= buffer.count {
                let mask = UInt64.max >> UInt64(64 - count * 8)
                let word = buffer.loadUnaligned(fromByteOffset: start, as: UInt64.self) & mask | ~mask & 0x0101_0101_0101_0101
                if isPlainASCII(word) { index = count }
            }
        }
        while index < count {
            let byte = bytes[index]
            if byte == 0 || byte >= 0x80 { break }
            index += 1
        }
        if index == count { return true }
        let result = convert(bytes, into: nil)
        if result < 0 {
            let failure = -result - 1
            throw MusicError(
                .invalidModifiedUTF8,
                "string of \(count) bytes at offset \(start) is not valid Java modified UTF-8 (bad byte 0x\(hex(bytes[failure])))",
                offset: start + failure
            )
        }
        return false
    }

    /// The string of modified UTF-8 bytes that ``validate(_:start:count:)`` accepted.
    /// - Complexity: O(*n*); one allocation (at most as many UTF-8 bytes as modified UTF-8 bytes).
    static func string(fromValid bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { output in max(0, convert(bytes, into: output)) }
    }

    /// Whether all eight bytes (native order, which does not matter here) are ASCII other than NUL.
    @inline(__always)
    static func isPlainASCII(_ word: UInt64) -> Bool {
        (word | (word &- 0x0101_0101_0101_0101) & ~word) & 0x8080_8080_8080_8080 == 0
    }

    /// Converts modified UTF-8 to standard UTF-8, or only checks it when `output` is `nil`.
    /// - Returns: The number of bytes written, or `-(index + 1)` for the index of the first invalid byte.
    private static func convert(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>?) -> Int {
        let count = input.count
        var index = 0
        var written = 0
        while index < count {
            let byte = input[index]
            if byte < 0x80 {
                if byte == 0 { return -(index + 1) }
                output?[written] = byte
                written += 1
                index += 1
            } else if byte & 0xE0 == 0xC0 {
                guard index + 1 < count else { return -(index + 1) }
                let second = input[index + 1]
                guard second & 0xC0 == 0x80 else { return -(index + 2) }
                let value = UInt32(byte & 0x1F) << 6 | UInt32(second & 0x3F)
                if value == 0 {
                    output?[written] = 0
                    written += 1
                } else if value < 0x80 {
                    return -(index + 1)
                } else {
                    output?[written] = byte
                    output?[written + 1] = second
                    written += 2
                }
                index += 2
            } else if byte & 0xF0 == 0xE0 {
                guard let value = threeByte(input, at: index) else { return -(index + 1) }
                if value < 0x800 { return -(index + 1) }
                if value >= 0xDC00 && value <= 0xDFFF { return -(index + 1) }
                if value >= 0xD800 && value <= 0xDBFF {
                    guard index + 3 < count, let low = threeByte(input, at: index + 3),
                          low >= 0xDC00 && low <= 0xDFFF
                    else { return -(index + 1) }
                    let scalar = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    output?[written] = UInt8(0xF0 | (scalar >> 18))
                    output?[written + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                    output?[written + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    output?[written + 3] = UInt8(0x80 | (scalar & 0x3F))
                    written += 4
                    index += 6
                } else {
                    output?[written] = input[index]
                    output?[written + 1] = input[index + 1]
                    output?[written + 2] = input[index + 2]
                    written += 3
                    index += 3
                }
            } else {
                return -(index + 1)
            }
        }
        return written
    }

    /// Reads a 3-byte sequence (`1110xxxx 10xxxxxx 10xxxxxx`) at `index`, or returns `nil` if it is malformed.
    @inline(__always)
    private static func threeByte(_ input: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
        guard index + 2 < input.count else { return nil }
        let first = input[index], second = input[index + 1], third = input[index + 2]
        guard first & 0xF0 == 0xE0, second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return nil }
        return UInt32(first & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
    }

    /// The number of modified UTF-8 bytes `text` encodes to.
    /// - Complexity: O(*n*).
    static func encodedCount(_ text: String) -> Int {
        // NUL grows from 1 to 2 bytes; a 4-byte sequence (lead F0-F7) grows to a 6-byte surrogate pair.
        var count = 0
        for byte in text.utf8 {
            count += byte == 0 ? 2 : (byte & 0xF8 == 0xF0 ? 3 : 1)
        }
        return count
    }

    /// Appends the modified UTF-8 bytes of `text` to `output`.
    /// - Complexity: O(*n*).
    static func encode(_ text: String, into output: inout [UInt8]) {
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            if byte == 0 {
                output.append(0xC0)
                output.append(0x80)
            } else if byte & 0xF8 == 0xF0 {
                let b1 = utf8.next() ?? 0x80, b2 = utf8.next() ?? 0x80, b3 = utf8.next() ?? 0x80
                let scalar = UInt32(byte & 0x07) << 18 | UInt32(b1 & 0x3F) << 12 | UInt32(b2 & 0x3F) << 6 | UInt32(b3 & 0x3F)
                let value = scalar - 0x10000
                appendThreeByte(0xD800 + (value >> 10), into: &output)
                appendThreeByte(0xDC00 + (value & 0x3FF), into: &output)
            } else {
                output.append(byte)
            }
        }
    }

    @inline(__always)
    private static func appendThreeByte(_ unit: UInt32, into output: inout [UInt8]) {
        output.append(UInt8(0xE0 | (unit >> 12)))
        output.append(UInt8(0x80 | ((unit >> 6) & 0x3F)))
        output.append(UInt8(0x80 | (unit & 0x3F)))
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
