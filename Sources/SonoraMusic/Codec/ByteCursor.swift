/// A read position in a big-endian message, as lavaplayer's `MessageInput`/`DataInputStream` reads it.
///
/// Every read checks bounds and throws ``MusicError`` with the absolute byte offset; nothing traps.
struct ByteCursor {
    let buffer: UnsafeRawBufferPointer
    /// The next byte to read.
    var index: Int
    /// One past the last readable byte.
    let end: Int

    init(_ buffer: UnsafeRawBufferPointer, start: Int = 0, end: Int? = nil) {
        self.buffer = buffer
        self.index = start
        self.end = end ?? buffer.count
    }

    var isAtEnd: Bool { index == end }
    var remaining: Int { end - index }

    @inline(__always)
    func require(_ count: Int, _ what: StaticString) throws(MusicError) {
        if end - index < count {
            throw MusicError(
                .truncated,
                "track message ends while reading \(what): needs \(count) bytes at offset \(index), \(end - index) left",
                offset: index
            )
        }
    }

    @inline(__always)
    mutating func readByte(_ what: StaticString = "a byte") throws(MusicError) -> UInt8 {
        try require(1, what)
        defer { index += 1 }
        return buffer[index]
    }

    @inline(__always)
    mutating func readBool(_ what: StaticString = "a boolean") throws(MusicError) -> Bool {
        let at = index
        let byte = try readByte(what)
        switch byte {
        case 0: return false
        case 1: return true
        default:
            throw MusicError(.invalidBoolean, "\(what) at offset \(at) is 0x\(ModifiedUTF8.hex(byte)), not 0 or 1", offset: at)
        }
    }

    @inline(__always)
    mutating func readInt64(_ what: StaticString = "a 64-bit integer") throws(MusicError) -> Int64 {
        try require(8, what)
        var value: UInt64 = 0
        for offset in 0..<8 { value = value << 8 | UInt64(buffer[index + offset]) }
        index += 8
        return Int64(bitPattern: value)
    }

    @inline(__always)
    mutating func readUInt16(_ what: StaticString) throws(MusicError) -> Int {
        try require(2, what)
        defer { index += 2 }
        return Int(buffer[index]) << 8 | Int(buffer[index + 1])
    }

    /// Reads a Java `writeUTF` string: a 16-bit byte count, then modified UTF-8.
    @inline(__always)
    mutating func readUTF(_ what: StaticString = "a string") throws(MusicError) -> String {
        let count = try readUInt16(what)
        try require(count, what)
        let text = try ModifiedUTF8.decode(buffer, start: index, count: count)
        index += count
        return text
    }

    /// Checks a Java `writeUTF` string in place and records it as `slot` of `header`: its offset, count and
    /// whether it is ASCII.
    /// - Throws: `truncated` or `invalidModifiedUTF8` with the offset.
    @inline(__always)
    mutating func readUTF(_ what: StaticString, into header: inout TrackBox.Header, slot: Int) throws(MusicError) {
        let count = try readUInt16(what)
        try require(count, what)
        let ascii = try ModifiedUTF8.validate(buffer, start: index, count: count)
        header.spans.set(slot, start: index, count: count)
        header.present |= 1 &<< UInt8(slot)
        if ascii { header.ascii |= 1 &<< UInt8(slot) }
        index += count
    }

    /// Reads lavaplayer's nullable text in place into `slot` of `header` (absent when the flag is false).
    @inline(__always)
    mutating func readNullableUTF(_ what: StaticString, into header: inout TrackBox.Header, slot: Int) throws(MusicError) {
        if try readBool(what) { try readUTF(what, into: &header, slot: slot) }
    }

    /// Reads lavaplayer's nullable text: a boolean, then a `writeUTF` string when it is true.
    @inline(__always)
    mutating func readNullableUTF(_ what: StaticString = "a nullable string") throws(MusicError) -> String? {
        try readBool(what) ? try readUTF(what) : nil
    }
}

/// A growing big-endian message, as lavaplayer's `MessageOutput`/`DataOutputStream` writes it.
struct ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func writeByte(_ byte: UInt8) { bytes.append(byte) }
    mutating func writeBool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func writeInt64(_ value: Int64) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    mutating func writeUTF(_ text: String) throws(MusicError) {
        let count = ModifiedUTF8.encodedCount(text)
        guard count <= 0xFFFF else {
            throw MusicError(.valueTooLarge, "string of \(count) modified UTF-8 bytes is longer than writeUTF's 65535", offset: bytes.count)
        }
        bytes.append(UInt8(count >> 8))
        bytes.append(UInt8(count & 0xFF))
        ModifiedUTF8.encode(text, into: &bytes)
    }

    /// Writes modified UTF-8 bytes already encoded as a `writeUTF` string (length prefix, then the bytes).
    mutating func writeUTF(bytes text: UnsafeRawBufferPointer) throws(MusicError) {
        guard text.count <= 0xFFFF else {
            throw MusicError(.valueTooLarge, "string of \(text.count) modified UTF-8 bytes is longer than writeUTF's 65535", offset: bytes.count)
        }
        bytes.append(UInt8(text.count >> 8))
        bytes.append(UInt8(text.count & 0xFF))
        bytes.append(contentsOf: text)
    }

    mutating func writeNullableUTF(_ text: String?) throws(MusicError) {
        if let text {
            writeBool(true)
            try writeUTF(text)
        } else {
            writeBool(false)
        }
    }
}

extension ByteWriter {
    /// Writes an optional text of a modified-UTF-8 box as lavaplayer's nullable text.
    mutating func writeNullableUTF(_ box: TrackBox, _ slot: Int) throws(MusicError) {
        writeBool(box.has(slot))
        if box.has(slot) { try writeUTF(bytes: box.bytes(slot)) }
    }
}
