/// The compilation units of one file's `.debug_info`: their address ranges, line-table offsets and
/// compilation directories, read in Swift from each unit's first DIE only.
///
/// libdw's `dwarf_get_units` plus `dwarf_ranges` took about 20 ms for the 4,000 units of a release
/// `sonora`, more than everything else a cold symbolization does. This reads the same attributes
/// (`DW_AT_low_pc`, `DW_AT_high_pc`, `DW_AT_ranges`, `DW_AT_stmt_list`, `DW_AT_comp_dir` and the
/// DWARF 5 bases) and the ranges in `.debug_ranges` or `.debug_rnglists`, as `dwarf_ranges` does.
/// Anything it does not handle throws, and ``DwarfLineTable`` uses libdw for the whole file.
struct DwarfUnitIndex {
    /// One compilation unit with code.
    struct Unit {
        var lineOffset: UInt64?
        /// Where `DW_AT_comp_dir` is, read by ``compilationDirectory(of:sections:)`` only when
        /// the unit's line table is needed.
        var directory: StringAttribute?
    }

    /// A string attribute not read yet: its form and value (for `DW_FORM_string`, the string's
    /// offset in `.debug_info`), with what the indexed forms need.
    struct StringAttribute {
        var form: UInt64
        var value: UInt64
        var stringOffsetsBase: UInt64
        var offsetSize: Int
    }

    /// One address range of a unit, `low ..< high`.
    struct Range {
        var low: UInt64
        var high: UInt64
        var unit: Int
    }

    /// The sections the index reads; all but `info` and `abbrev` may be missing.
    struct Sections {
        var info: UnsafeRawBufferPointer
        var abbrev: UnsafeRawBufferPointer
        var strings: UnsafeRawBufferPointer?
        var lineStrings: UnsafeRawBufferPointer?
        var stringOffsets: UnsafeRawBufferPointer?
        var addresses: UnsafeRawBufferPointer?
        var ranges: UnsafeRawBufferPointer?
        var rangeLists: UnsafeRawBufferPointer?
    }

    private(set) var units: [Unit] = []
    private var abbreviations = AbbreviationTables()
    /// The attribute specifications of the unit DIE being read, reused from unit to unit.
    private var attributes: [(name: UInt64, form: UInt64, implicit: Int64)] = []
    /// Sorted by `low`.
    private(set) var ranges: [Range] = []

    /// Reads every unit header of `sections.info`.
    /// - Throws: ``DwarfLineProgram/Unsupported`` for a form, unit type or range entry it does not handle.
    /// - Complexity: O(units × attributes of a unit DIE + range entries).
    init(sections: Sections) throws {
        var reader = DwarfReader(bytes: sections.info, position: 0)
        while reader.position < sections.info.count {
            var length = UInt64(try reader.u32())
            var offsetSize = 4
            if length == 0xFFFF_FFFF {
                length = try reader.u64()
                offsetSize = 8
            }
            guard length <= UInt64(sections.info.count - reader.position) else { throw DwarfLineProgram.Unsupported(reason: "unit_length") }
            let next = reader.position + Int(length)
            reader.end = next
            let version = try reader.u16()
            var unitType: UInt8 = 1  // DW_UT_compile
            var addressSize: Int
            let abbrevOffset: UInt64
            if version >= 5 {
                unitType = try reader.u8()
                addressSize = Int(try reader.u8())
                abbrevOffset = try reader.offset(size: offsetSize)
                if unitType == 4 || unitType == 5 { _ = try reader.u64() }  // dwo_id
                if unitType == 2 || unitType == 6 { _ = try reader.u64(); _ = try reader.offset(size: offsetSize) }  // type units
            } else {
                guard version >= 2 else { throw DwarfLineProgram.Unsupported(reason: "unit version \(version)") }
                abbrevOffset = try reader.offset(size: offsetSize)
                addressSize = Int(try reader.u8())
            }
            // Type units (DW_UT_type, DW_UT_split_type) have no code; skeletons keep theirs elsewhere.
            if [1, 3].contains(unitType) {
                try readUnitDIE(&reader, version: version, offsetSize: offsetSize, addressSize: addressSize, abbrevOffset: abbrevOffset, sections: sections)
            } else if unitType == 4 || unitType == 5 {
                throw DwarfLineProgram.Unsupported(reason: "split DWARF")
            }
            reader.end = sections.info.count
            reader.position = next
        }
        ranges.sort { $0.low < $1.low }
    }

    /// Reads the attributes of one unit's first DIE and records its ranges.
    private mutating func readUnitDIE(
        _ reader: inout DwarfReader, version: UInt16, offsetSize: Int, addressSize: Int, abbrevOffset: UInt64, sections: Sections
    ) throws {
        let code = try reader.uleb()
        guard code != 0 else { return }
        try abbreviations.attributes(of: code, at: abbrevOffset, in: sections.abbrev, into: &attributes)
        var values = UnitAttributes()
        for (name, form, implicit) in attributes {
            var form = form
            if form == 0x16 { form = try reader.uleb() }  // DW_FORM_indirect
            // low_pc, high_pc, ranges, stmt_list, comp_dir, str_offsets_base, addr_base, rnglists_base.
            guard UnitAttributes.wanted(name) else {
                try Self.skip(form: form, &reader, version: version, offsetSize: offsetSize, addressSize: addressSize)
                continue
            }
            if name == 0x1B && (form == 0x08) {  // DW_AT_comp_dir inline: kept as its offset
                values[name] = (form, UInt64(reader.position))
                try Self.skip(form: form, &reader, version: version, offsetSize: offsetSize, addressSize: addressSize)
            } else if form == 0x21 {
                values[name] = (form, UInt64(bitPattern: implicit))
            } else {
                values[name] = (form, try Self.constant(form: form, &reader, version: version, offsetSize: offsetSize, addressSize: addressSize))
            }
        }
        let addressBase = values[0x73]?.value ?? 8
        let stringOffsetsBase = values[0x72]?.value ?? 8
        func address(_ entry: (form: UInt64, value: UInt64)) throws -> UInt64 {
            switch entry.form {
            case 0x01: return entry.value  // DW_FORM_addr
            case 0x1B, 0x29, 0x2A, 0x2B, 0x2C: return try Self.indexedAddress(entry.value, base: addressBase, size: addressSize, in: sections.addresses)
            default: throw DwarfLineProgram.Unsupported(reason: "address form \(entry.form)")
            }
        }
        let directory = values[0x1B].map { StringAttribute(form: $0.form, value: $0.value, stringOffsetsBase: stringOffsetsBase, offsetSize: offsetSize) }
        let unit = units.count
        units.append(Unit(lineOffset: values[0x10]?.value, directory: directory))
        let low = try values[0x11].map(address)
        if let entry = values[0x55] {
            var offset = entry.value
            if entry.form == 0x23 {  // DW_FORM_rnglistx: an index into the offsets after DW_AT_rnglists_base
                let base = values[0x74]?.value ?? UInt64(offsetSize == 8 ? 20 : 12)
                var table = DwarfReader(bytes: try Self.require(sections.rangeLists, ".debug_rnglists"), position: 0)
                table.position = Int(clamping: base &+ entry.value &* UInt64(offsetSize))
                offset = base &+ (try table.offset(size: offsetSize))
            }
            if version >= 5 {
                try readRangeList(at: offset, base: low ?? 0, addressSize: addressSize, addressBase: addressBase, sections: sections, unit: unit)
            } else {
                try readRanges(at: offset, base: low ?? 0, addressSize: addressSize, in: try Self.require(sections.ranges, ".debug_ranges"), unit: unit)
            }
        } else if let low, let high = values[0x12] {
            let end = high.form == 0x01 || (0x29...0x2C).contains(high.form) || high.form == 0x1B ? try address(high) : low &+ high.value
            if end > low { ranges.append(Range(low: low, high: end, unit: unit)) }
        }
    }

    /// DWARF 2-4 `.debug_ranges`: address pairs, a base-address selector, then `(0, 0)`.
    private mutating func readRanges(at offset: UInt64, base: UInt64, addressSize: Int, in section: UnsafeRawBufferPointer, unit: Int) throws {
        var reader = DwarfReader(bytes: section, position: Int(clamping: offset))
        var base = base
        let selector: UInt64 = addressSize == 8 ? .max : (1 << (8 * UInt64(addressSize))) - 1
        while true {
            let start = try reader.unsigned(size: addressSize)
            let end = try reader.unsigned(size: addressSize)
            if start == 0 && end == 0 { return }
            if start == selector {
                base = end
            } else if end > start {
                ranges.append(Range(low: base &+ start, high: base &+ end, unit: unit))
            }
        }
    }

    /// DWARF 5 `.debug_rnglists` entries (`DW_RLE_*`) up to `DW_RLE_end_of_list`.
    private mutating func readRangeList(
        at offset: UInt64, base: UInt64, addressSize: Int, addressBase: UInt64, sections: Sections, unit: Int
    ) throws {
        var reader = DwarfReader(bytes: try Self.require(sections.rangeLists, ".debug_rnglists"), position: Int(clamping: offset))
        var base = base
        func indexed(_ index: UInt64) throws -> UInt64 {
            try Self.indexedAddress(index, base: addressBase, size: addressSize, in: sections.addresses)
        }
        func add(_ start: UInt64, _ end: UInt64) {
            if end > start { ranges.append(Range(low: start, high: end, unit: unit)) }
        }
        while true {
            switch try reader.u8() {
            case 0: return  // DW_RLE_end_of_list
            case 1: base = try indexed(try reader.uleb())  // DW_RLE_base_addressx
            case 2: add(try indexed(try reader.uleb()), try indexed(try reader.uleb()))  // DW_RLE_startx_endx
            case 3:  // DW_RLE_startx_length
                let start = try indexed(try reader.uleb())
                add(start, start &+ (try reader.uleb()))
            case 4: add(base &+ (try reader.uleb()), base &+ (try reader.uleb()))  // DW_RLE_offset_pair
            case 5: base = try reader.unsigned(size: addressSize)  // DW_RLE_base_address
            case 6: add(try reader.unsigned(size: addressSize), try reader.unsigned(size: addressSize))  // DW_RLE_start_end
            case 7:  // DW_RLE_start_length
                let start = try reader.unsigned(size: addressSize)
                add(start, start &+ (try reader.uleb()))
            case let kind: throw DwarfLineProgram.Unsupported(reason: "range list entry \(kind)")
            }
        }
    }

    private static func require(_ section: UnsafeRawBufferPointer?, _ name: String) throws -> UnsafeRawBufferPointer {
        guard let section else { throw DwarfLineProgram.Unsupported(reason: "no \(name)") }
        return section
    }

    /// Entry `index` of `.debug_addr`, counted from `DW_AT_addr_base`.
    private static func indexedAddress(_ index: UInt64, base: UInt64, size: Int, in section: UnsafeRawBufferPointer?) throws -> UInt64 {
        var reader = DwarfReader(bytes: try require(section, ".debug_addr"), position: Int(clamping: base &+ index &* UInt64(size)))
        return try reader.unsigned(size: size)
    }

    /// The unit's `DW_AT_comp_dir`, or `nil` when it has none.
    /// - Parameter sections: The sections the index was read from.
    /// - Throws: ``DwarfLineProgram/Unsupported`` for a form it does not handle or an offset
    ///   outside its section.
    func compilationDirectory(of unit: Int, sections: Sections) throws -> String? {
        guard let entry = units[unit].directory else { return nil }
        return try Self.string(entry, sections: sections)
    }

    /// A string attribute held inline, as an offset or as an index (`DW_FORM_string`, `strp`,
    /// `line_strp`, `strx*`).
    private static func string(_ entry: StringAttribute, sections: Sections) throws -> String {
        let stringOffsetsBase = entry.stringOffsetsBase
        let offsetSize = entry.offsetSize
        var offset = entry.value
        var table = sections.strings
        switch entry.form {
        case 0x08: table = sections.info  // DW_FORM_string, at its offset in .debug_info
        case 0x0E: break  // DW_FORM_strp
        case 0x1F: table = sections.lineStrings  // DW_FORM_line_strp
        case 0x1A, 0x25, 0x26, 0x27, 0x28:  // DW_FORM_strx*
            var offsets = DwarfReader(bytes: try require(sections.stringOffsets, ".debug_str_offsets"), position: 0)
            offsets.position = Int(clamping: stringOffsetsBase &+ entry.value &* UInt64(offsetSize))
            offset = try offsets.offset(size: offsetSize)
        default: throw DwarfLineProgram.Unsupported(reason: "string form \(entry.form)")
        }
        let bytes = try require(table, "string section")
        guard offset < UInt64(bytes.count) else { throw DwarfLineProgram.Unsupported(reason: "string offset") }
        return try DwarfReader.cString(in: bytes, at: Int(offset), limit: bytes.count)
    }

    /// The value of a constant, address, offset or index form.
    private static func constant(form: UInt64, _ reader: inout DwarfReader, version: UInt16, offsetSize: Int, addressSize: Int) throws -> UInt64 {
        switch form {
        case 0x01: return try reader.unsigned(size: addressSize)  // DW_FORM_addr
        case 0x0B, 0x11, 0x25, 0x29: return try reader.unsigned(size: 1)
        case 0x05, 0x12, 0x26, 0x2A: return try reader.unsigned(size: 2)
        case 0x27, 0x2B: return try reader.unsigned(size: 3)
        case 0x06, 0x13, 0x28, 0x2C: return try reader.unsigned(size: 4)
        case 0x07, 0x14: return try reader.unsigned(size: 8)
        case 0x0F, 0x15, 0x1A, 0x1B, 0x22, 0x23: return try reader.uleb()
        case 0x0D: return UInt64(bitPattern: try reader.sleb())
        case 0x17, 0x0E, 0x1F: return try reader.offset(size: offsetSize)  // sec_offset, strp, line_strp
        default: throw DwarfLineProgram.Unsupported(reason: "form \(form)")
        }
    }

    /// Skips one attribute value.
    private static func skip(form: UInt64, _ reader: inout DwarfReader, version: UInt16, offsetSize: Int, addressSize: Int) throws {
        func bytes(_ count: UInt64) throws {
            guard count <= UInt64(reader.end - reader.position) else { throw DwarfLineProgram.Unsupported(reason: "block") }
            reader.position += Int(count)
        }
        switch form {
        case 0x19, 0x21: return  // flag_present, implicit_const
        case 0x0C: try bytes(1)  // flag
        case 0x1E: try bytes(16)  // data16
        case 0x20, 0x24: try bytes(8)  // ref_sig8, ref_sup8
        case 0x1C: try bytes(4)  // ref_sup4
        case 0x10: try bytes(UInt64(version <= 2 ? addressSize : offsetSize))  // ref_addr
        case 0x1D, 0x1F20, 0x1F21: try bytes(UInt64(offsetSize))  // strp_sup, GNU_ref_alt, GNU_strp_alt
        case 0x1F01, 0x1F02: _ = try reader.uleb()  // GNU_addr_index, GNU_str_index
        case 0x08: try reader.skipCString()  // string
        case 0x0A: try bytes(UInt64(try reader.u8()))  // block1
        case 0x03: try bytes(UInt64(try reader.u16()))  // block2
        case 0x04: try bytes(UInt64(try reader.u32()))  // block4
        case 0x09, 0x18: try bytes(try reader.uleb())  // block, exprloc
        case 0x16:  // indirect
            try skip(form: try reader.uleb(), &reader, version: version, offsetSize: offsetSize, addressSize: addressSize)
        default: _ = try constant(form: form, &reader, version: version, offsetSize: offsetSize, addressSize: addressSize)
        }
    }
}

/// The few attributes of a unit DIE the index reads, by `DW_AT_*` code.
private struct UnitAttributes {
    typealias Value = (form: UInt64, value: UInt64)
    private var lowPC, highPC, ranges, stmtList, compDir, stringOffsetsBase, addressBase, rangeListsBase: Value?

    /// low_pc, high_pc, ranges, stmt_list, comp_dir, str_offsets_base, addr_base, rnglists_base.
    static func wanted(_ name: UInt64) -> Bool {
        switch name {
        case 0x11, 0x12, 0x55, 0x10, 0x1B, 0x72, 0x73, 0x74: return true
        default: return false
        }
    }

    subscript(name: UInt64) -> Value? {
        get {
            switch name {
            case 0x11: return lowPC
            case 0x12: return highPC
            case 0x55: return ranges
            case 0x10: return stmtList
            case 0x1B: return compDir
            case 0x72: return stringOffsetsBase
            case 0x73: return addressBase
            default: return rangeListsBase
            }
        }
        set {
            switch name {
            case 0x11: lowPC = newValue
            case 0x12: highPC = newValue
            case 0x55: ranges = newValue
            case 0x10: stmtList = newValue
            case 0x1B: compDir = newValue
            case 0x72: stringOffsetsBase = newValue
            case 0x73: addressBase = newValue
            default: rangeListsBase = newValue
            }
        }
    }
}

/// Where each abbreviation of each `.debug_abbrev` table starts, found by one scan per table.
///
/// Units of one object file share a table, and their unit DIEs use codes deep inside it (82,
/// 102, ...), so scanning from the table's start for every unit was quadratic. Each table is
/// scanned at most once, as far as the largest code asked for, without allocating.
private struct AbbreviationTables {
    struct Scan {
        /// Start of the entry for code `i + 1`, after its code (codes are usually 1, 2, 3, ...).
        var sequential: [Int] = []
        var others: [UInt64: Int] = [:]
        var resume: Int
        var finished = false
    }

    private var scans: [UInt64: Scan] = [:]

    /// The attribute specifications (name, form, implicit constant) of abbreviation `code` in the
    /// table at `offset`, into `attributes` (emptied first, its storage reused).
    mutating func attributes(
        of code: UInt64, at offset: UInt64, in section: UnsafeRawBufferPointer, into attributes: inout [(name: UInt64, form: UInt64, implicit: Int64)]
    ) throws {
        attributes.removeAll(keepingCapacity: true)
        let found = try scans[offset, default: Scan(resume: Int(clamping: offset))].find(code, in: section)
        guard let found else { throw DwarfLineProgram.Unsupported(reason: "abbreviation \(code) missing") }
        var reader = DwarfReader(bytes: section, position: found)
        try reader.abbreviationAttributes { attributes.append(($0, $1, $2)) }
    }

}

extension AbbreviationTables.Scan {
    /// Where the entry for `code` starts, scanning the table further only as far as needed.
    mutating func find(_ code: UInt64, in section: UnsafeRawBufferPointer) throws -> Int? {
        if code >= 1 && code <= UInt64(sequential.count) { return sequential[Int(code - 1)] }
        if let known = others[code] { return known }
        var reader = DwarfReader(bytes: section, position: resume)
        while !finished {
            let entry = try reader.uleb()
            if entry == 0 {
                finished = true
                break
            }
            let start = reader.position
            if entry == UInt64(sequential.count + 1) { sequential.append(start) } else { others[entry] = start }
            try reader.abbreviationAttributes { _, _, _ in }
            resume = reader.position
            if entry == code { return start }
        }
        return nil
    }
}

extension DwarfReader {
    /// Reads the rest of one abbreviation declaration (tag, children flag, then attribute specs up to
    /// the `(0, 0)` end), calling `each` with every spec's name, form and `DW_FORM_implicit_const` value
    /// (0 for other forms).
    mutating func abbreviationAttributes(_ each: (_ name: UInt64, _ form: UInt64, _ implicit: Int64) -> Void) throws {
        _ = try uleb()  // tag
        _ = try u8()  // has_children
        while true {
            let name = try uleb()
            let form = try uleb()
            if name == 0 && form == 0 { return }
            each(name, form, form == 0x21 ? try sleb() : 0)
        }
    }
}
