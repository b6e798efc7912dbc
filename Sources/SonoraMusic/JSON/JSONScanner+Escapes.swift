extension JSONScanner {
    /// Decodes the string between `start` and the closing quote at `end`: escapes and non-ASCII UTF-8.
    /// - Throws: `invalidJSON` for a bad escape or invalid UTF-8.
    func decodeString(from start: Int, to end: Int) throws(MusicError) -> String {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: end - start) { buffer throws(MusicError) -> String in
            let count = try unescape(from: start, to: end, into: buffer.baseAddress.unsafelyUnwrapped)
            return try validatedString(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count), at: start)
        }
    }

    /// Decodes the escapes of the string between `start` and the closing quote at `end` into `out`, which has room
    /// for `end - start` bytes (no escape decodes to more bytes than it is written with). Other bytes are copied.
    /// - Returns: The decoded byte count.
    /// - Throws: `invalidJSON` for a bad escape (`out` then holds part of the text).
    /// - Complexity: O(*n*) in the string's size; no allocation.
    func unescape(from start: Int, to end: Int, into out: UnsafeMutablePointer<UInt8>) throws(MusicError) -> Int {
        var count = 0
        func append(_ byte: UInt8) {
            out[count] = byte
            count &+= 1
        }
        var at = start
        while at < end {
            let byte = bytes[at]
            guard byte == UInt8(ascii: "\\") else {
                append(byte)
                at += 1
                continue
            }
            guard at + 1 < end else { throw failure("a string ends inside an escape", at: at) }
            let escaped = bytes[at + 1]
            at += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): append(escaped)
            case UInt8(ascii: "b"): append(0x08)
            case UInt8(ascii: "f"): append(0x0C)
            case UInt8(ascii: "n"): append(0x0A)
            case UInt8(ascii: "r"): append(0x0D)
            case UInt8(ascii: "t"): append(0x09)
            case UInt8(ascii: "u"):
                var unit = try hex4(at, end)
                at += 4
                if unit >= 0xD800 && unit <= 0xDBFF, at + 6 <= end, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
                    let low = try hex4(at + 2, end)
                    if low >= 0xDC00 && low <= 0xDFFF {
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        at += 6
                    }
                }
                // An unpaired surrogate becomes U+FFFD: a Swift string cannot hold one (Python's `json` keeps it;
                // Foundation's JSONDecoder on Linux rejects the body).
                UTF8.encode(Unicode.Scalar(unit) ?? "\u{FFFD}", into: append)
            default:
                throw failure("'\\\(Character(Unicode.Scalar(escaped)))' is not a JSON escape", at: at - 2)
            }
        }
        return count
    }

    /// Reads four hex digits at `at`.
    private func hex4(_ at: Int, _ end: Int) throws(MusicError) -> UInt32 {
        guard at + 4 <= end else { throw failure("a \\u escape needs four hex digits", at: at) }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[at + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("a \\u escape needs four hex digits", at: at + offset)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
