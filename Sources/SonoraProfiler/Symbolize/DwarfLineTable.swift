import CSonoraDwarf

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// file:line lookup in one object's DWARF, with elfutils' libdw for the compilation units.
///
/// Swift objects usually have no `.debug_aranges`, and without it libdw's `dwarf_addrdie` finds no
/// compilation unit. So the table walks every compilation unit once (`dwarf_get_units`) and
/// records its address ranges (`dwarf_ranges`). A lookup finds the unit by binary search. The
/// unit's line table is decoded on first use by ``DwarfLineProgram``, straight from the mapped
/// `.debug_line`, and kept; only a unit it cannot decode (compressed sections, split DWARF, VLIW)
/// goes through libdw's `dwarf_getsrc_die`, which gives the same answers more slowly.
final class DwarfLineTable {
    /// One address range of a compilation unit.
    private struct UnitRange {
        var low: UInt64
        var high: UInt64
        var unit: Int
    }

    /// A unit's line table: not read yet, decoded, or left to libdw.
    private enum Program {
        case unread
        case decoded(DwarfLineProgram)
        case libdw
    }

    private let handle: OpaquePointer
    private let fd: Int32
    /// The mapped file and its uncompressed line sections, when the Swift decoder can read them.
    private let image: ELFImage?
    private var units: [Dwarf_Die] = []
    private var unitTypes: [UInt8] = []
    private var programs: [Program] = []
    private var ranges: [UnitRange] = []

    /// Units whose line tables were decoded in Swift, and units libdw answered; for tests.
    private(set) var decodedUnits = 0
    private(set) var libdwUnits = 0

    /// Opens the DWARF of the file at `path`.
    /// - Parameters:
    ///   - path: The object or debug file.
    ///   - image: The same file, already mapped, whose `.debug_line` the Swift decoder reads;
    ///     `nil` sends every lookup through libdw.
    /// - Returns: `nil` when the file cannot be opened or has no DWARF.
    init?(path: String, image: ELFImage? = nil) {
        _ = elf_version(UInt32(EV_CURRENT))
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard let handle = dwarf_begin(fd, DWARF_C_READ) else {
            close(fd)
            return nil
        }
        self.fd = fd
        self.handle = handle
        self.image = image
        indexUnits()
        programs = Array(repeating: .unread, count: units.count)
    }

    deinit {
        dwarf_end(handle)
        close(fd)
    }

    /// Number of compilation units with code.
    var unitCount: Int { Set(ranges.map(\.unit)).count }

    /// The source file and line of the link-time address `address`.
    /// - Returns: `nil` when no compilation unit covers `address` or its line table has no row for it.
    /// - Complexity: O(log n) in the number of unit ranges, plus the first parse of that unit's line table.
    func lookup(_ address: UInt64) -> (file: String, line: Int?)? {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].low <= address { low = middle + 1 } else { high = middle }
        }
        // Ranges of different units rarely overlap; look back a little in case they do.
        var index = low - 1
        while index >= 0 && index >= low - 4 {
            let range = ranges[index]
            if range.low <= address && address < range.high {
                if case .decoded(let program) = program(of: range.unit) { return program.lookup(address) }
                var die = units[range.unit]
                guard let line = dwarf_getsrc_die(&die, Dwarf_Addr(address)) else { return nil }
                var number: Int32 = 0
                let hasLine = dwarf_lineno(line, &number) == 0 && number > 0
                guard let file = dwarf_linesrc(line, nil, nil) else { return nil }
                return (String(cString: file), hasLine ? Int(number) : nil)
            }
            index -= 1
        }
        return nil
    }

    private func indexUnits() {
        var unit: OpaquePointer? = nil
        while true {
            var next: OpaquePointer? = nil
            var unitType: UInt8 = 0
            var die = Dwarf_Die()
            guard dwarf_get_units(handle, unit, &next, nil, &unitType, &die, nil) == 0 else { break }
            unit = next
            // DW_UT_compile (1), DW_UT_partial (3), DW_UT_skeleton (4), DW_UT_split_compile (5); skip type units.
            guard [1, 3, 4, 5].contains(unitType) else { continue }
            let unitIndex = units.count
            var added = false
            var offset = 0
            var base: Dwarf_Addr = 0
            var start: Dwarf_Addr = 0
            var end: Dwarf_Addr = 0
            while true {
                offset = dwarf_ranges(&die, offset, &base, &start, &end)
                if offset <= 0 { break }
                if end > start {
                    ranges.append(UnitRange(low: UInt64(start), high: UInt64(end), unit: unitIndex))
                    added = true
                }
            }
            if added {
                units.append(die)
                unitTypes.append(unitType)
            }
        }
        ranges.sort { $0.low < $1.low }
    }

    /// The unit's line table, decoded on first use.
    private func program(of unit: Int) -> Program {
        if case .unread = programs[unit] {
            if let decoded = decode(unit: unit) {
                programs[unit] = .decoded(decoded)
                decodedUnits += 1
            } else {
                programs[unit] = .libdw
                libdwUnits += 1
            }
        }
        return programs[unit]
    }

    /// Decodes the unit's line program from the mapped `.debug_line`.
    /// - Returns: `nil` when the unit or file needs libdw: split or type units, compressed or
    ///   missing sections, or a program ``DwarfLineProgram`` does not handle.
    private func decode(unit: Int) -> DwarfLineProgram? {
        // DW_UT_compile (1) and DW_UT_partial (3) carry their own line table.
        guard let image, [1, 3].contains(unitTypes[unit]) else { return nil }
        var die = units[unit]
        var attribute = Dwarf_Attribute()
        var offset: Dwarf_Word = 0
        guard dwarf_attr(&die, 0x10, &attribute) != nil, dwarf_formudata(&attribute, &offset) == 0 else { return nil }  // DW_AT_stmt_list
        var directory: String? = nil
        if dwarf_attr(&die, 0x1B, &attribute) != nil, let text = dwarf_formstring(&attribute) {  // DW_AT_comp_dir
            directory = String(cString: text)
        }
        return try? image.withSections([".debug_line", ".debug_line_str", ".debug_str"]) { bytes in
            guard let line = bytes[0] else { throw DwarfLineProgram.Unsupported(reason: "no .debug_line") }
            let sections = DwarfLineProgram.Sections(line: line, lineStrings: bytes[1], strings: bytes[2])
            guard offset < UInt64(line.count) else { throw DwarfLineProgram.Unsupported(reason: "stmt_list") }
            return try DwarfLineProgram(sections: sections, offset: Int(offset), compilationDirectory: directory)
        }
    }
}
