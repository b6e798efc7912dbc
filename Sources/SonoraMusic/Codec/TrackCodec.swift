/// Decodes and encodes Lavalink's `encoded` track strings (lavaplayer message format, track info versions 1 to 3).
///
/// ```swift
/// let track = try TrackCodec.decode("QAAAjQIAJVJp...")
/// let again = try TrackCodec.encode(track)   // the same string, byte for byte
/// ```
public enum TrackCodec {
    /// The highest track info version this codec reads and writes.
    public static let latestVersion: UInt8 = 3

    /// Decodes a base64 track string.
    /// - Parameter encoded: The `encoded` field of a Lavalink track.
    /// - Returns: The track.
    /// - Throws: ``MusicError`` with code `notBase64`, `truncated`, `sizeMismatch`, `invalidModifiedUTF8`,
    ///   `unsupportedVersion`, `invalidBoolean` or `trailingGarbage`, and the offset of the problem.
    /// - Complexity: O(*n*) in the length of the string.
    public static func decode(_ encoded: String) throws(MusicError) -> Track {
        var encoded = encoded
        return try encoded.withUTF8 { utf8 in
            Result { () throws(MusicError) -> Track in try decode(base64: utf8) }
        }.get()
    }

    /// Decodes base64 text straight into a new track's box and checks the message there.
    /// - Parameter utf8: The `encoded` string's bytes.
    /// - Complexity: O(*n*); one allocation (the track's box).
    static func decode(base64 utf8: UnsafeBufferPointer<UInt8>) throws(MusicError) -> Track {
        // Two spare bytes let the base64 decoder store whole words up to the end.
        let capacity = utf8.count / 4 * 3 + 2
        let box = TrackBox.make(capacity: capacity)
        try box.withUnsafeMutablePointers { head, tail throws(MusicError) in
            let count = try Base64.decode(utf8, into: UnsafeMutableBufferPointer(start: tail, count: capacity))
            try readMessage(UnsafeRawBufferPointer(start: tail, count: count), into: &head.pointee)
        }
        return Track(storage: box)
    }

    /// Decodes the binary message (base64-decoded `encoded` string).
    /// - Parameter bytes: The message: a 4-byte header, then the body.
    /// - Returns: The track.
    /// - Throws: ``MusicError`` as ``decode(_:)`` does, except `notBase64`.
    /// - Complexity: O(*n*).
    public static func decode(bytes: [UInt8]) throws(MusicError) -> Track {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(MusicError) -> Track in try decode(buffer: raw) }
        }.get()
    }

    /// Decodes the binary message from raw memory.
    /// - Parameter buffer: The message: a 4-byte header, then the body.
    /// - Returns: The track.
    /// - Throws: ``MusicError`` as ``decode(bytes:)`` does.
    /// - Complexity: O(*n*).
    public static func decode(buffer: UnsafeRawBufferPointer) throws(MusicError) -> Track {
        let box = TrackBox.make(capacity: buffer.count)
        try box.withUnsafeMutablePointers { head, tail throws(MusicError) in
            if let base = buffer.baseAddress { UnsafeMutableRawPointer(tail).copyMemory(from: base, byteCount: buffer.count) }
            try readMessage(UnsafeRawBufferPointer(start: tail, count: buffer.count), into: &head.pointee)
        }
        return Track(storage: box)
    }

    /// Checks a binary message in place and fills a box header with its fields and where its texts are.
    /// - Throws: As ``decode(bytes:)``.
    @inline(__always)
    static func readMessage(_ buffer: UnsafeRawBufferPointer, into header: inout TrackBox.Header) throws(MusicError) {
        typealias Slot = TrackBox.Slot
        guard buffer.count >= 4 else {
            throw MusicError(.truncated, "track message of \(buffer.count) bytes is shorter than its 4-byte header", offset: buffer.count)
        }
        let header32 = UInt32(buffer[0]) << 24 | UInt32(buffer[1]) << 16 | UInt32(buffer[2]) << 8 | UInt32(buffer[3])
        let flags = UInt8(header32 >> 30)
        let size = Int(header32 & 0x3FFF_FFFF)
        let available = buffer.count - 4
        if size > available {
            throw MusicError(
                .sizeMismatch,
                "track header declares \(size) body bytes but only \(available) follow",
                offset: 0
            )
        }
        if size < available {
            throw MusicError(
                .trailingGarbage,
                "\(available - size) bytes follow the \(size)-byte track message",
                offset: 4 + size
            )
        }
        if size == 0 {
            throw MusicError(.truncated, "track message is empty (size 0 is lavaplayer's end marker)", offset: 4)
        }
        var cursor = ByteCursor(buffer, start: 4, end: buffer.count)
        var version: UInt8 = 1
        if flags & 1 != 0 {
            version = try cursor.readByte("the version")
            guard version >= 1 && version <= latestVersion else {
                throw MusicError(.unsupportedVersion, "track info version \(version) is not supported (1 to \(latestVersion))", offset: 4)
            }
        }
        header.modifiedUTF8 = true
        header.size = UInt32(truncatingIfNeeded: buffer.count)
        header.version = version
        header.flags = flags
        try cursor.readUTF("the title", into: &header, slot: Slot.title)
        try cursor.readUTF("the author", into: &header, slot: Slot.author)
        header.length = try cursor.readInt64("the length")
        try cursor.readUTF("the identifier", into: &header, slot: Slot.identifier)
        header.identifier = TrackBox.string(
            buffer, start: header.spans.start(Slot.identifier), count: header.spans.count(Slot.identifier),
            ascii: header.ascii & (1 << UInt8(Slot.identifier)) != 0, modifiedUTF8: true)
        header.isStream = try cursor.readBool("isStream")
        if version >= 2 { try cursor.readNullableUTF("the uri", into: &header, slot: Slot.uri) }
        if version >= 3 {
            try cursor.readNullableUTF("the artworkUrl", into: &header, slot: Slot.artworkUrl)
            try cursor.readNullableUTF("the isrc", into: &header, slot: Slot.isrc)
        }
        try cursor.readUTF("the sourceName", into: &header, slot: Slot.sourceName)
        try cursor.require(8, "the position")
        // Source-specific bytes: everything between sourceName and the final 8-byte position.
        let sourceEnd = cursor.end - 8
        header.spans.set(Slot.sourceSpecific, start: cursor.index, count: sourceEnd - cursor.index)
        cursor.index = sourceEnd
        header.position = try cursor.readInt64("the position")
    }

    /// Encodes a track as a base64 track string.
    ///
    /// A track returned by ``decode(_:)`` encodes to exactly the string it came from.
    /// - Parameter track: The track. Its ``Track/version`` decides which optional fields are written.
    /// - Returns: The `encoded` string.
    /// - Throws: ``MusicError`` `unsupportedVersion` for a version outside 1...3, or
    ///   ``MusicError`` `valueTooLarge` for a string over 65,535 encoded bytes.
    /// - Complexity: O(*n*) in the size of the fields.
    public static func encode(_ track: Track) throws(MusicError) -> String {
        Base64.encode(try encodeBytes(track))
    }

    /// Encodes a track as the binary message (before base64).
    /// - Parameter track: The track.
    /// - Returns: The message bytes: header, then body.
    /// - Throws: As ``encode(_:)``.
    /// - Complexity: O(*n*).
    public static func encodeBytes(_ track: Track) throws(MusicError) -> [UInt8] {
        guard track.version >= 1 && track.version <= latestVersion else {
            throw MusicError(.unsupportedVersion, "cannot encode track info version \(track.version) (1 to \(latestVersion))")
        }
        guard track.version == 1 || track.flags & 1 != 0 else {
            throw MusicError(.unsupportedVersion, "track info version \(track.version) needs the versioned flag (flags bit 0)")
        }
        typealias Slot = TrackBox.Slot
        let box = track.box
        var writer = ByteWriter(capacity: Int(box.header.size) + 32)
        writer.bytes.append(contentsOf: [0, 0, 0, 0])
        if track.flags & 1 != 0 { writer.writeByte(track.version) }
        try writer.writeUTF(bytes: box.bytes(Slot.title))
        try writer.writeUTF(bytes: box.bytes(Slot.author))
        writer.writeInt64(track.length)
        try writer.writeUTF(bytes: box.bytes(Slot.identifier))
        writer.writeBool(track.isStream)
        if track.version >= 2 { try writer.writeNullableUTF(box, Slot.uri) }
        if track.version >= 3 {
            try writer.writeNullableUTF(box, Slot.artworkUrl)
            try writer.writeNullableUTF(box, Slot.isrc)
        }
        try writer.writeUTF(bytes: box.bytes(Slot.sourceName))
        writer.bytes.append(contentsOf: box.bytes(Slot.sourceSpecific))
        writer.writeInt64(track.position)
        let size = writer.bytes.count - 4
        guard size <= 0x3FFF_FFFF else {
            throw MusicError(.valueTooLarge, "track message of \(size) bytes exceeds the 30-bit size field")
        }
        let header = UInt32(size) | UInt32(track.flags & 0x3) << 30
        writer.bytes[0] = UInt8(header >> 24)
        writer.bytes[1] = UInt8(header >> 16 & 0xFF)
        writer.bytes[2] = UInt8(header >> 8 & 0xFF)
        writer.bytes[3] = UInt8(header & 0xFF)
        return writer.bytes
    }
}
