#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A bounds-checked cursor over a DWARF section; every read past ``end`` throws
/// ``DwarfLineProgram/Unsupported``, so a corrupt file falls back to libdw instead of trapping.
struct DwarfReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    var end: Int

    init(bytes: UnsafeRawBufferPointer, position: Int) {
        self.bytes = bytes
        self.position = position
        end = bytes.count
    }

    mutating func need(_ count: Int) throws {
        guard position >= 0, count <= end - position else { throw DwarfLineProgram.Unsupported(reason: "read past the end") }
    }

    mutating func u8() throws -> UInt8 {
        try need(1)
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u16() throws -> UInt16 { UInt16(truncatingIfNeeded: try unsigned(size: 2)) }
    mutating func u32() throws -> UInt32 { UInt32(truncatingIfNeeded: try unsigned(size: 4)) }
    mutating func u64() throws -> UInt64 { try unsigned(size: 8) }
    mutating func offset(size: Int) throws -> UInt64 { try unsigned(size: size) }

    /// A little-endian unsigned integer of `size` bytes (at most 8).
    mutating func unsigned(size: Int) throws -> UInt64 {
        guard (0...8).contains(size) else { throw DwarfLineProgram.Unsupported(reason: "\(size)-byte integer") }
        try need(size)
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += size
        return value
    }

    mutating func uleb() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            if shift < 64 { value |= UInt64(byte & 0x7F) << shift }
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func sleb() throws -> Int64 {
        var value: Int64 = 0
        var shift: Int64 = 0
        var byte: UInt8
        repeat {
            byte = try u8()
            if shift < 64 { value |= Int64(byte & 0x7F) << shift }
            shift += 7
        } while byte & 0x80 != 0
        if shift < 64 && byte & 0x40 != 0 { value |= -1 << shift }
        return value
    }

    /// The NUL-terminated string at the cursor, or `nil` at the end of the data.
    mutating func cString() throws -> String? {
        guard position < end else { return nil }
        return try Self.cString(in: bytes, at: position, limit: end) { position = $0 }
    }

    /// Moves past the NUL-terminated string at the cursor without reading it; nothing at the end of the data.
    mutating func skipCString() throws {
        guard position < end else { return }
        guard position >= 0, let base = bytes.baseAddress, let terminator = memchr(base + position, 0, end - position) else {
            throw DwarfLineProgram.Unsupported(reason: "unterminated string")
        }
        position = UnsafeRawPointer(terminator) - base + 1
    }

    static func cString(in bytes: UnsafeRawBufferPointer, at start: Int, limit: Int, advance: (Int) -> Void = { _ in }) throws -> String {
        guard start >= 0, start < limit, let base = bytes.baseAddress else { throw DwarfLineProgram.Unsupported(reason: "string offset") }
        guard let terminator = memchr(base + start, 0, limit - start) else { throw DwarfLineProgram.Unsupported(reason: "unterminated string") }
        let length = UnsafeRawPointer(terminator) - (base + start)
        advance(start + length + 1)
        return String(decoding: UnsafeRawBufferPointer(start: base + start, count: length), as: UTF8.self)
    }

    /// A string attribute in `form`: inline, or an offset into `.debug_line_str` or `.debug_str`.
    mutating func string(form: UInt64, sections: DwarfLineProgram.Sections, offsetSize: Int) throws -> String {
        switch form {
        case 0x08: return try cString() ?? ""  // DW_FORM_string
        case 0x1F, 0x0E:  // DW_FORM_line_strp, DW_FORM_strp
            let target = try offset(size: offsetSize)
            guard let table = form == 0x1F ? sections.lineStrings : sections.strings, target < UInt64(table.count) else {
                throw DwarfLineProgram.Unsupported(reason: "string offset \(target)")
            }
            return try Self.cString(in: table, at: Int(target), limit: table.count)
        default: throw DwarfLineProgram.Unsupported(reason: "path form \(form)")
        }
    }

    /// A constant in `form`.
    mutating func formValue(_ form: UInt64, offsetSize: Int) throws -> UInt64 {
        switch form {
        case 0x0B: return UInt64(try u8())  // DW_FORM_data1
        case 0x05: return UInt64(try u16())  // DW_FORM_data2
        case 0x06: return UInt64(try u32())  // DW_FORM_data4
        case 0x07: return try u64()  // DW_FORM_data8
        case 0x0F: return try uleb()  // DW_FORM_udata
        default: throw DwarfLineProgram.Unsupported(reason: "index form \(form)")
        }
    }

    /// Skips a value in `form`.
    mutating func skip(form: UInt64, offsetSize: Int) throws {
        switch form {
        case 0x08: _ = try cString()
        case 0x1F, 0x0E, 0x17: _ = try offset(size: offsetSize)  // line_strp, strp, sec_offset
        case 0x1E: try need(16); position += 16  // DW_FORM_data16 (MD5)
        case 0x09:  // DW_FORM_block
            let length = try uleb()
            guard length <= UInt64(end - position) else { throw DwarfLineProgram.Unsupported(reason: "block length") }
            position += Int(length)
        default: _ = try formValue(form, offsetSize: offsetSize)
        }
    }
}
