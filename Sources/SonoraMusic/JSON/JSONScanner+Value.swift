extension JSONScanner {
    /// Reads any value as a ``JSONValue``; object members keep the last of repeated keys, as Foundation does.
    /// - Parameter depth: The current nesting, checked against ``maxDepth``.
    /// - Throws: `invalidJSON` for a malformed value or nesting deeper than ``maxDepth``.
    mutating func readValue(depth: Int = 0) throws(MusicError) -> JSONValue {
        guard depth < Self.maxDepth else { throw failure("values are nested more than \(Self.maxDepth) deep") }
        switch peek() {
        case UInt8(ascii: "\""):
            return .string(try readString("a value"))
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            try readObject("an object") { scanner, key throws(MusicError) in
                members[String(decoding: key, as: UTF8.self)] = try scanner.readValue(depth: depth + 1)
            }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try readArray("an array") { scanner throws(MusicError) in elements.append(try scanner.readValue(depth: depth + 1)) }
            return .array(elements)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try readBool("a value"))
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            return .number(try readDouble("a value"))
        }
    }

    /// Parses a whole body holding one JSON value.
    /// - Parameters:
    ///   - bytes: The body.
    ///   - what: What the body is, for errors.
    /// - Returns: The value.
    /// - Throws: `invalidJSON`.
    static func value(of bytes: UnsafeRawBufferPointer, what: String) throws(MusicError) -> JSONValue {
        var scanner = JSONScanner(bytes, what: what)
        let value = try scanner.readValue()
        try scanner.expectEnd()
        return value
    }
}
