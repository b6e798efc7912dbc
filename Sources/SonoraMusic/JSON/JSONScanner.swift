/// A byte-level JSON reader over one body, for the Lavalink payloads on the track-loading hot path.
///
/// Written by hand because `JSONDecoder` costs 17–20 µs per track in a `/v4/loadtracks` body (issue 13);
/// this reads the bytes once, matches keys without making strings, and makes a `String` only for values
/// that are kept. It is as tolerant as Lavalink's own clients: unknown keys are skipped, whitespace is
/// anywhere JSON allows it. Every failure is a ``MusicError`` with code `invalidJSON`, the byte offset,
/// and what was expected. Nesting deeper than ``maxDepth`` is refused rather than recursed into.
struct JSONScanner {
    /// The body.
    let bytes: UnsafeRawBufferPointer
    /// The body's first byte (never `nil`, unlike `bytes.baseAddress`, so the hot paths need no check for it).
    let base: UnsafeRawPointer
    /// The body's size (a stored `bytes.count`, which is computed and checks for a `nil` base each time).
    let size: Int
    /// The next byte to read.
    var index: Int
    /// What the body is, for error messages (for example `"/v4/loadtracks response"`).
    let what: String

    /// The deepest nesting of arrays and objects accepted when skipping or building a ``JSONValue``.
    static let maxDepth = 512

    init(_ bytes: UnsafeRawBufferPointer, what: String) {
        self.bytes = bytes
        // An empty buffer may have no address; a static empty string's is never read (`size` is 0).
        self.base = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
        self.size = bytes.count
        self.index = 0
        self.what = what
    }

    // MARK: Errors

    /// An `invalidJSON` error at `offset` (the current index by default).
    func failure(_ message: String, at offset: Int? = nil) -> MusicError {
        let at = offset ?? index
        return MusicError(.invalidJSON, "\(what) is not a valid load result: \(message) at byte \(at)", offset: at)
    }

    /// The `invalidJSON` error `"<before><context><after>, found <the next byte>"`, built out of line so that the
    /// inlined fast paths that can throw it (keys, commas, braces) stay small.
    @inline(never)
    func failure(_ before: StaticString, _ context: StaticString, _ after: StaticString) -> MusicError {
        failure("\(before)\(context)\(after), found \(found)")
    }

    /// The `invalidJSON` error for a missing `byte` in `context`, built out of line as the one above.
    @inline(never)
    func failure(expected byte: UInt8, _ context: StaticString) -> MusicError {
        failure("expected '\(Character(Unicode.Scalar(byte)))' \(context), found \(found)")
    }

    /// The `invalidJSON` error for a raw control character in a string, built out of line as the ones above.
    @inline(never)
    func failure(controlCharacter byte: UInt8, at offset: Int) -> MusicError {
        failure("a string holds the raw control character 0x\(ModifiedUTF8.hex(byte)); JSON needs it escaped", at: offset)
    }

    /// The byte at the current index, described for an error message.
    var found: String {
        guard index < size else { return "the end of the body" }
        let byte = bytes[index]
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(ModifiedUTF8.hex(byte))"
    }

    // MARK: Structure

    /// Skips JSON whitespace (space, tab, line feed, carriage return).
    @inline(__always)
    mutating func skipWhitespace() {
        while index < size {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// Skips whitespace and returns the next byte without consuming it, or 0 at the end.
    @inline(__always)
    mutating func peek() -> UInt8 {
        skipWhitespace()
        return index < size ? bytes[index] : 0
    }

    /// Skips whitespace and consumes `byte`.
    /// - Throws: `invalidJSON` when the next byte is something else.
    @inline(__always)
    mutating func expect(_ byte: UInt8, _ context: StaticString) throws(MusicError) {
        if peek() != byte {
            throw failure(expected: byte, context)
        }
        index += 1
    }

    /// Reads the object's members: calls `member` with each key (as raw bytes) with the index on its value,
    /// which `member` must consume.
    /// - Parameters:
    ///   - context: Where the object is, for errors (`"data.info"`).
    ///   - member: Reads or skips one value.
    /// - Throws: `invalidJSON` for a malformed object; whatever `member` throws.
    @inline(__always)
    mutating func readObject(
        _ context: StaticString, _ member: (inout JSONScanner, UnsafeRawBufferPointer) throws(MusicError) -> Void
    ) throws(MusicError) {
        guard peek() == UInt8(ascii: "{") else { throw failure("", context, " should be an object") }
        index += 1
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a key in ", context, "") }
            let keyStart = index + 1
            let (end, shape) = try scanString()
            if !shape.hasEscapes && !shape.hasNonASCII {
                try expect(UInt8(ascii: ":"), "after a key")
                try member(&self, UnsafeRawBufferPointer(rebasing: bytes[keyStart..<end]))
            } else {
                // A key with escapes: compare its decoded bytes.
                let key = try makeString(from: keyStart, to: end, shape)
                try expect(UInt8(ascii: ":"), "after a key")
                let copy = Array(key.utf8)
                try copy.withUnsafeBytes { raw in
                    Result { () throws(MusicError) in try member(&self, raw) }
                }.get()
            }
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw failure("expected ',' or '}' in ", context, "")
            }
        }
    }

    /// Reads the array's elements: calls `element` with the index on each one, which it must consume.
    /// - Throws: `invalidJSON` for a malformed array; whatever `element` throws.
    @inline(__always)
    mutating func readArray(_ context: StaticString, _ element: (inout JSONScanner) throws(MusicError) -> Void) throws(MusicError) {
        guard peek() == UInt8(ascii: "[") else { throw failure("", context, " should be an array") }
        index += 1
        if peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try element(&self)
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            default: throw failure("expected ',' or ']' in ", context, "")
            }
        }
    }

    /// Whether `key` is exactly `name` (an inline byte loop: keys are short and `name` is a constant).
    @inline(__always)
    static func matches(_ key: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard key.count == count else { return false }
        let expected = name.utf8Start
        for offset in 0..<count where key[offset] != expected[offset] { return false }
        return true
    }

    /// Consumes `null` if it is next.
    @inline(__always)
    mutating func skipNull() -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        return (try? literal("null")) != nil
    }

    /// Consumes the literal `word` (`true`, `false`, `null`).
    @inline(__always)
    mutating func literal(_ word: StaticString) throws(MusicError) {
        let count = word.utf8CodeUnitCount
        let expected = word.utf8Start
        guard size - index >= count, (0..<count).allSatisfy({ bytes[index + $0] == expected[$0] }) else {
            throw failure("expected ", word, "")
        }
        index += count
    }

    // MARK: Values

    /// Reads a boolean.
    mutating func readBool(_ context: StaticString) throws(MusicError) -> Bool {
        switch peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw failure("", context, " should be true or false")
        }
    }

    /// Reads an integer that fits in 64 bits; a number with a fraction or exponent is accepted when its value is whole.
    mutating func readInt64(_ context: StaticString) throws(MusicError) -> Int64 {
        _ = peek()
        let start = index
        var negative = false
        if index < size && bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var magnitude: UInt64 = 0
        var digits = 0
        var overflow = false
        while index < size {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            overflow = overflow || o1 || o2
            magnitude = sum
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw failure("\(context) should be a number, found \(found)", at: start) }
        if index < size, bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e") {
            index = start
            let value = try readDouble(context)
            guard value.rounded() == value, let whole = Int64(exactly: value) else {
                throw failure("\(context) should be a whole number that fits in 64 bits", at: start)
            }
            return whole
        }
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard !overflow, magnitude <= limit else {
            throw failure("\(context) does not fit in a 64-bit integer", at: start)
        }
        return negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }

    /// Reads any JSON number as a `Double`.
    mutating func readDouble(_ context: StaticString) throws(MusicError) -> Double {
        _ = peek()
        let start = index
        // JSON's grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        func digits(_ scanner: inout JSONScanner) -> Int {
            let first = scanner.index
            while scanner.index < scanner.size, scanner.bytes[scanner.index] &- UInt8(ascii: "0") < 10 { scanner.index += 1 }
            return scanner.index - first
        }
        if index < size && bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits(&self)
        var valid = integerDigits > 0 && !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0"))
        if valid, index < size, bytes[index] == UInt8(ascii: ".") {
            index += 1
            valid = digits(&self) > 0
        }
        if valid, index < size, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < size, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            valid = digits(&self) > 0
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard valid, let value = Double(text), value.isFinite else {
            index = start
            throw failure("\(context) should be a number, found \(found)", at: start)
        }
        return value
    }

    /// Reads a string.
    @inline(__always)
    mutating func readString(_ context: StaticString) throws(MusicError) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw failure("", context, " should be a string") }
        let start = index + 1
        let (end, shape) = try scanString()
        return try makeString(from: start, to: end, shape)
    }

    /// Reads a string or `null`.
    @inline(__always)
    mutating func readOptionalString(_ context: StaticString) throws(MusicError) -> String? {
        skipNull() ? nil : try readString(context)
    }

    /// How a scanned string is spelled, which decides how it becomes a `String`.
    struct StringShape {
        /// Whether it holds a backslash escape.
        var hasEscapes = false
        /// Whether it holds a byte of 0x80 or more.
        var hasNonASCII = false
    }

    /// Moves past a string whose opening quote is at the index.
    /// - Returns: The index of the closing quote, and the string's shape.
    /// - Throws: `invalidJSON` for an unterminated string or a raw control character.
    @inline(__always)
    mutating func scanString() throws(MusicError) -> (end: Int, shape: StringShape) {
        let open = index
        var at = index &+ 1
        var shape = StringShape()
        while true {
            // Sixteen, or near the end eight, bytes at a time up to a quote, a backslash, a control character or a
            // non-ASCII byte; then that byte, one at a time.
            if at &+ 16 <= size {
                let first = Self.specialBytes(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
                let second = Self.specialBytes(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at &+ 8, as: UInt64.self)))
                if first | second == 0 {
                    at &+= 16
                    continue
                }
                at &+= first != 0 ? first.trailingZeroBitCount &>> 3 : 8 &+ second.trailingZeroBitCount &>> 3
            } else if at &+ 8 <= size {
                let special = Self.specialBytes(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
                if special == 0 {
                    at &+= 8
                    continue
                }
                at &+= special.trailingZeroBitCount &>> 3
            } else if at >= size {
                break
            }
            let byte = base.load(fromByteOffset: at, as: UInt8.self)
            if byte == UInt8(ascii: "\"") {
                index = at &+ 1
                return (at, shape)
            } else if byte == UInt8(ascii: "\\") {
                shape.hasEscapes = true
                at &+= 2
            } else if byte < 0x20 {
                throw failure(controlCharacter: byte, at: at)
            } else {
                if byte >= 0x80 { shape.hasNonASCII = true }
                at &+= 1
            }
        }
        throw failure("a string that starts here is not terminated", at: open)
    }

    /// The high bit of each byte of `word` that is a quote, a backslash, a control character or 0x80 and more.
    ///
    /// The zero-byte tricks only misfire in bytes after a real hit, so the lowest set bit marks the first one.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let quote = word ^ 0x2222_2222_2222_2222
        let slash = word ^ 0x5C5C_5C5C_5C5C_5C5C
        return (((quote &- 0x0101_0101_0101_0101) & ~quote) | ((slash &- 0x0101_0101_0101_0101) & ~slash)
            | (word &- 0x2020_2020_2020_2020) | word) & 0x8080_8080_8080_8080
    }

    /// Makes the string between `start` and the closing quote at `end`, of the given shape.
    @inline(__always)
    func makeString(from start: Int, to end: Int, _ shape: StringShape) throws(MusicError) -> String {
        if shape.hasEscapes { return try decodeString(from: start, to: end) }
        if !shape.hasNonASCII && end - start <= 15 && SmallASCIIString.layoutHolds {
            return SmallASCIIString.make(bytes, start: start, count: end - start)
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        // ASCII needs no validation; String(decoding:) only repairs bytes of 0x80 and more.
        return shape.hasNonASCII ? try validatedString(slice, at: start) : String(decoding: slice, as: UTF8.self)
    }

    /// A string from UTF-8 bytes, refusing invalid UTF-8.
    func validatedString(_ slice: UnsafeRawBufferPointer, at start: Int) throws(MusicError) -> String {
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw failure("a string is not valid UTF-8", at: start)
        }
        return text
    }

    // MARK: Skipping

    /// Skips one value of any kind, checking that it is well formed.
    /// - Returns: The byte range of the value.
    /// - Throws: `invalidJSON` for a malformed value or nesting deeper than ``maxDepth``.
    @discardableResult
    mutating func skipValue(depth: Int = 0) throws(MusicError) -> Range<Int> {
        guard depth < Self.maxDepth else { throw failure("values are nested more than \(Self.maxDepth) deep") }
        let byte = peek()
        let start = index
        switch byte {
        case UInt8(ascii: "\""):
            // A skipped string is checked as a read one is (escapes, UTF-8), so kept bytes always parse again.
            let (end, shape) = try scanString()
            if shape.hasEscapes || shape.hasNonASCII { _ = try makeString(from: start + 1, to: end, shape) }
        case UInt8(ascii: "{"): try readObject("an object") { scanner, _ throws(MusicError) in try scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["): try readArray("an array") { scanner throws(MusicError) in try scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try readDouble("a value")
        }
        return start..<index
    }

    /// Checks that only whitespace follows the value.
    mutating func expectEnd() throws(MusicError) {
        if peek() != 0 || index < size { throw failure("unexpected \(found) after the body's value") }
    }
}
