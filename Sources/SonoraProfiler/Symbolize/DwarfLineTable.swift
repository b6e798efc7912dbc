import CSonoraDwarf

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// file:line lookup in one object's DWARF.
///
/// Swift objects usually have no `.debug_aranges`, so the table first lists every compilation
/// unit's address ranges (``DwarfUnitIndex``, in Swift, from the mapped file). A lookup finds the
/// unit by binary search. On the unit's first use its program is indexed by sequence
/// (``DwarfLineSequences``), and each lookup decodes only the sequence covering its address; a
/// unit whose sequences the index cannot separate is decoded whole (``DwarfLineProgram``) and
/// kept. What the Swift readers do not handle (compressed sections, split DWARF, unusual forms)
/// goes through elfutils' libdw instead (``LibdwLineTable``), which gives the same answers more
/// slowly: the whole file when its units cannot be listed, one unit when its program cannot be
/// decoded.
final class DwarfLineTable {
    /// A unit's line table: not read yet, indexed by sequence, decoded whole, or left to libdw.
    private enum Program {
        case unread
        case indexed(DwarfLineSequences)
        case decoded(DwarfLineProgram)
        case libdw
    }

    private let path: String
    /// The mapped file whose sections the Swift readers use.
    private let image: ELFImage?
    private let index: DwarfUnitIndex?
    private var programs: [Program]
    private let indexSequences: Bool
    /// Where the sections of the unit index lie in the file, found once.
    private let indexSections: [Range<Int>?]
    /// Where `.debug_line`, `.debug_line_str` and `.debug_str` lie in the file, found once.
    private let lineSections: [Range<Int>?]
    /// Opened on first need: always when `index` is `nil`, else for a unit that failed to decode.
    private var libdw: LibdwLineTable??

    /// Units whose line tables were read in Swift (indexed or decoded whole), units decoded whole
    /// because the sequence index could not answer, and units left to libdw; for tests.
    private(set) var decodedUnits = 0
    private(set) var wholeUnits = 0
    private(set) var libdwUnits = 0
    /// Whether the units were listed in Swift rather than by libdw.
    var indexedInSwift: Bool { index != nil }

    /// Opens the DWARF of the file at `path`.
    /// - Parameters:
    ///   - path: The object or debug file.
    ///   - image: The same file, already mapped, for the Swift readers; `nil` uses libdw only.
    /// - Returns: `nil` when the file has no DWARF libdw or the Swift readers can use.
    ///   - indexSequences: Index each unit's program by sequence and decode only the sequence a
    ///     lookup needs (the default); `false` decodes each unit whole, for tests to compare.
    init?(path: String, image: ELFImage? = nil, indexSequences: Bool = true) {
        self.path = path
        self.image = image
        self.indexSequences = indexSequences
        let names = [".debug_info", ".debug_abbrev", ".debug_str", ".debug_line_str", ".debug_str_offsets", ".debug_addr", ".debug_ranges", ".debug_rnglists"]
        indexSections = image?.sectionRanges(names) ?? []
        index = try? Self.withIndexSections(image, indexSections) { try DwarfUnitIndex(sections: $0) }
        programs = Array(repeating: .unread, count: index?.units.count ?? 0)
        lineSections = image?.sectionRanges([".debug_line", ".debug_line_str", ".debug_str"]) ?? []
        if index == nil {
            guard let opened = LibdwLineTable(path: path) else { return nil }
            libdw = .some(opened)
        }
    }

    /// The source file and line of the link-time address `address`.
    /// - Returns: `nil` when no compilation unit covers `address` or its line table has no row for it.
    /// - Complexity: O(log n) in the number of unit ranges, plus the first decoding of that unit's line table.
    func lookup(_ address: UInt64) -> (file: String, line: Int?)? {
        guard let index else { return libdwTable()?.lookup(address) }
        guard let unit = index.ranges.unit(containing: address) else { return nil }
        return lookup(address, unit: unit)
    }

    private func libdwTable() -> LibdwLineTable? {
        if let libdw { return libdw }
        let opened = LibdwLineTable(path: path)
        libdw = .some(opened)
        return opened
    }

    /// The answer for `address` from the line table of `unit`, read on first use.
    private func lookup(_ address: UInt64, unit: Int) -> (file: String, line: Int?)? {
        if case .unread = programs[unit] {
            if let read = read(unit: unit, whole: !indexSequences) {
                programs[unit] = read
                decodedUnits += 1
                if !indexSequences { wholeUnits += 1 }
            } else {
                programs[unit] = .libdw
                libdwUnits += 1
            }
        }
        if case .indexed(let sequences) = programs[unit] {
            let answer = try? withLineSections { sections in sequences.lookup(address, line: sections.line) }
            if case .found(let result) = answer { return result }
            programs[unit] = read(unit: unit, whole: true) ?? .libdw
            wholeUnits += 1
        }
        switch programs[unit] {
        case .decoded(let program): return program.lookup(address)
        case .libdw: return libdwTable()?.lookup(address)
        case .unread, .indexed: return nil
        }
    }

    /// The unit that a lookup of `address` reads, chosen from the units' address ranges; for tests.
    func unit(containing address: UInt64) -> Int? { index?.ranges.unit(containing: address) }

    /// Number of units listed in Swift; for tests.
    var unitCount: Int { index?.units.count ?? 0 }

    /// For tests, independently of the unit ranges: the address ranges of every sequence in
    /// `unit`'s line program, from indexing all of it (`nil` when the Swift readers cannot).
    func sequenceRanges(ofUnit unit: Int) -> [ClosedRange<UInt64>]? {
        guard case .indexed(let sequences) = read(unit: unit, whole: false) else { return nil }
        return sequences.sequences.map { $0.low...$0.high }
    }

    /// For tests: the answer for `address` from `unit`'s whole program decoded into rows, without
    /// the sequence index or the unit ranges.
    func wholeDecodeLookup(_ address: UInt64, unit: Int) -> (file: String, line: Int?)? {
        guard case .decoded(let program) = read(unit: unit, whole: true) else { return nil }
        return program.lookup(address)
    }

    /// Calls `body` with the mapped `.debug_line` and string sections.
    private func withLineSections<R>(_ body: (DwarfLineProgram.Sections) throws -> R) throws -> R {
        guard let image else { throw DwarfLineProgram.Unsupported(reason: "no mapped image") }
        return try image.withSections(at: lineSections) { bytes in
            guard let line = bytes[0] else { throw DwarfLineProgram.Unsupported(reason: "no .debug_line") }
            return try body(DwarfLineProgram.Sections(line: line, lineStrings: bytes[1], strings: bytes[2]))
        }
    }

    /// Calls `body` with the mapped sections the unit index reads.
    private static func withIndexSections<R>(_ image: ELFImage?, _ ranges: [Range<Int>?], _ body: (DwarfUnitIndex.Sections) throws -> R) throws -> R {
        guard let image else { throw DwarfLineProgram.Unsupported(reason: "no mapped image") }
        return try image.withSections(at: ranges) { bytes in
            guard let info = bytes[0], let abbrev = bytes[1] else { throw DwarfLineProgram.Unsupported(reason: "no .debug_info") }
            return try body(DwarfUnitIndex.Sections(
                info: info, abbrev: abbrev, strings: bytes[2], lineStrings: bytes[3], stringOffsets: bytes[4],
                addresses: bytes[5], ranges: bytes[6], rangeLists: bytes[7]))
        }
    }

    /// Reads the unit's line program from the mapped `.debug_line`: indexed by sequence, or
    /// decoded whole when `whole` is set.
    /// - Returns: `nil` when the program is missing or the Swift readers do not handle it.
    private func read(unit: Int, whole: Bool) -> Program? {
        guard let index, let offset = index.units[unit].lineOffset else { return nil }
        let directory: String?
        do {
            directory = try Self.withIndexSections(image, indexSections) { try index.compilationDirectory(of: unit, sections: $0) }
        } catch {
            return nil
        }
        return try? withLineSections { sections in
            guard offset < UInt64(sections.line.count) else { throw DwarfLineProgram.Unsupported(reason: "stmt_list") }
            let header = try DwarfLineHeader(sections: sections, offset: Int(offset), compilationDirectory: directory)
            if whole { return .decoded(try DwarfLineProgram(header: header, line: sections.line)) }
            return .indexed(try DwarfLineSequences(header: header, line: sections.line))
        }
    }
}

/// file:line lookup through elfutils' libdw only: every unit listed with `dwarf_get_units` and
/// `dwarf_ranges`, each lookup answered by `dwarf_getsrc_die`, which parses and caches the unit's
/// line table. ``DwarfLineTable`` falls back to it.
final class LibdwLineTable {
    private let handle: OpaquePointer
    private let fd: Int32
    private var units: [Dwarf_Die] = []
    private var ranges: [DwarfUnitIndex.Range] = []

    /// Opens the DWARF of the file at `path` (`dwarf_begin`).
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

    /// The source file and line of the link-time address `address`.
    /// - Complexity: O(log n) in the number of unit ranges, plus the first parse of that unit's line table.
    func lookup(_ address: UInt64) -> (file: String, line: Int?)? {
        guard let unit = ranges.unit(containing: address) else { return nil }
        var die = units[unit]
        guard let line = dwarf_getsrc_die(&die, Dwarf_Addr(address)) else { return nil }
        var number: Int32 = 0
        let hasLine = dwarf_lineno(line, &number) == 0 && number > 0
        guard let file = dwarf_linesrc(line, nil, nil) else { return nil }
        return (String(cString: file), hasLine ? Int(number) : nil)
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
                    ranges.append(DwarfUnitIndex.Range(low: UInt64(start), high: UInt64(end), unit: unitIndex))
                    added = true
                }
            }
            if added { units.append(die) }
        }
        ranges.sort { $0.low < $1.low }
    }
}

extension [DwarfUnitIndex.Range] {
    /// The unit whose range holds `address`, in ranges sorted by `low`.
    /// - Complexity: O(log n): a binary search, then a look back over at most four ranges, because
    ///   ranges of different units rarely overlap.
    func unit(containing address: UInt64) -> Int? {
        let low = upperBound(of: address) { $0.low }
        var position = low - 1
        while position >= 0 && position >= low - 4 {
            if self[position].low <= address && address < self[position].high { return self[position].unit }
            position -= 1
        }
        return nil
    }
}
