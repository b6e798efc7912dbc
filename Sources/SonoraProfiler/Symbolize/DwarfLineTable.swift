import CSonoraDwarf

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// file:line lookup in one object's DWARF through elfutils' libdw.
///
/// Swift objects usually have no `.debug_aranges`, and without it libdw's `dwarf_addrdie` finds no
/// compilation unit. So the table walks every compilation unit once (`dwarf_get_units`), records
/// its address ranges (`dwarf_ranges`), and answers lookups by binary search followed by
/// `dwarf_getsrc_die` on that unit's line table, which libdw parses once and caches.
final class DwarfLineTable {
    /// One address range of a compilation unit.
    private struct UnitRange {
        var low: UInt64
        var high: UInt64
        var unit: Int
    }

    private let handle: OpaquePointer
    private let fd: Int32
    private var units: [Dwarf_Die] = []
    private var ranges: [UnitRange] = []

    /// Opens the DWARF of the file at `path`.
    /// - Returns: `nil` when the file cannot be opened or has no DWARF.
    init?(path: String) {
        _ = elf_version(UInt32(EV_CURRENT))
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard let handle = dwarf_begin(fd, DWARF_C_READ) else {
            close(fd)
            return nil
        }
        self.fd = fd
        self.handle = handle
        indexUnits()
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
            if added { units.append(die) }
        }
        ranges.sort { $0.low < $1.low }
    }
}
