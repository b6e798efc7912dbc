#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One compilation unit's DWARF line table, decoded from `.debug_line` in Swift and sorted once.
///
/// libdw's `dwarf_getsrclines` allocates a node per row and sorts the rows with `qsort`, which made
/// line tables the largest part of a cold symbolization. This decoder keeps 16 bytes per row, skips
/// the sort when the sequences already ascend, and answers lookups exactly as `dwarf_getsrc_die`
/// does: the last row at or below the address, in libdw's order (by address, an end-of-sequence
/// row before others at the same address, then program order), unless that row ends a sequence.
/// File names are built as libdw builds them: an absolute name as is, otherwise its directory,
/// `/` and the name. `DwarfLineTableTests` checks it against libdw row for row.
///
/// Versions 2 to 5, 32- and 64-bit DWARF. Anything it does not handle (VLIW `maximum_operations_per_instruction`,
/// `DW_FORM_strx` names, more than 65,535 files) throws, and ``DwarfLineTable`` falls back to libdw.
struct DwarfLineProgram {
    /// One row of the line-number matrix.
    struct Row {
        var address: UInt64
        var line: Int32
        var file: UInt16
        var endsSequence: Bool
    }

    /// The `.debug_line`, `.debug_line_str` and `.debug_str` bytes of one file.
    struct Sections {
        var line: UnsafeRawBufferPointer
        var lineStrings: UnsafeRawBufferPointer?
        var strings: UnsafeRawBufferPointer?
    }

    /// Why a program could not be decoded; ``DwarfLineTable`` then asks libdw.
    struct Unsupported: Error {
        var reason: String
    }

    let rows: [Row]
    /// File names by the `file` register's value; index 0 is `???` before DWARF 5, as in libdw.
    /// File names by the `file` register's value, each with the index of its directory in
    /// ``directories`` (-1: the name stands alone); index 0 is `???` before DWARF 5, as in libdw.
    /// Names are joined to their directories only when a lookup returns them.
    let files: [(path: String, directory: Int)]
    let directories: [String?]

    /// Decodes the line program at `offset` in `sections.line`.
    /// - Parameters:
    ///   - sections: The file's line and string sections.
    ///   - offset: The unit's `DW_AT_stmt_list`.
    ///   - compilationDirectory: The unit's `DW_AT_comp_dir`: directory 0 before DWARF 5.
    /// - Throws: ``Unsupported`` when the program is cut off, malformed or uses something not handled.
    /// - Complexity: O(bytes of the program + rows × log rows when the sequences are out of order).
    init(sections: Sections, offset: Int, compilationDirectory: String?) throws {
        var reader = DwarfReader(bytes: sections.line, position: offset)
        var unitLength = UInt64(try reader.u32())
        var offsetSize = 4
        if unitLength == 0xFFFF_FFFF {
            unitLength = try reader.u64()
            offsetSize = 8
        }
        guard unitLength <= UInt64(sections.line.count - reader.position) else { throw Unsupported(reason: "unit_length") }
        let end = reader.position + Int(unitLength)
        reader.end = end
        let version = try reader.u16()
        guard (2...5).contains(version) else { throw Unsupported(reason: "version \(version)") }
        if version >= 5 {
            _ = try reader.u8()  // address_size
            _ = try reader.u8()  // segment_selector_size
        }
        let headerLength = try reader.offset(size: offsetSize)
        guard headerLength <= UInt64(end - reader.position) else { throw Unsupported(reason: "header_length") }
        let programStart = reader.position + Int(headerLength)
        let minimumInstructionLength = UInt64(try reader.u8())
        if version >= 4 {
            guard try reader.u8() == 1 else { throw Unsupported(reason: "maximum_operations_per_instruction") }
        }
        _ = try reader.u8()  // default_is_stmt: rows are kept whatever is_stmt says, as libdw keeps them.
        let lineBase = Int32(Int8(bitPattern: try reader.u8()))
        let lineRange = try reader.u8()
        let opcodeBase = try reader.u8()
        guard lineRange != 0, opcodeBase != 0 else { throw Unsupported(reason: "line_range or opcode_base is 0") }
        var operandCounts: [UInt8] = [0]
        for _ in 1..<opcodeBase { operandCounts.append(try reader.u8()) }

        var files: [(path: String, directory: Int)]
        var directories: [String?]
        if version >= 5 {
            directories = try Self.entries(&reader, sections: sections, offsetSize: offsetSize).map(\.path)
            files = try Self.entries(&reader, sections: sections, offsetSize: offsetSize).map { [directories] entry in
                try Self.place(entry, directories: directories)
            }
        } else {
            directories = [compilationDirectory]
            while let directory = try reader.cString(), !directory.isEmpty { directories.append(directory) }
            files = [("???", -1)]
            while let name = try reader.cString(), !name.isEmpty {
                let directory = try reader.uleb()
                _ = try reader.uleb()  // mtime
                _ = try reader.uleb()  // length
                files.append(try Self.place((name, directory), directories: directories))
            }
        }

        reader.position = programStart
        var rows: [Row] = []
        rows.reserveCapacity(Int(unitLength) / 3)
        var address: UInt64 = 0
        var file: UInt16 = 1
        var line: Int32 = 1
        // Whether rows come in libdw's order (by address, an end-of-sequence row first at its
        // address), so no sort is needed.
        var ascending = true
        var lastAddress: UInt64 = 0
        var lastEnds = true
        // A special opcode's address and line advance, by opcode.
        var addressSteps = [UInt64](repeating: 0, count: 256)
        var lineSteps = [Int32](repeating: 0, count: 256)
        var quotient: UInt64 = 0
        var remainder: Int32 = 0
        for opcode in Int(opcodeBase)..<256 {
            // adjusted = opcode - opcode_base; quotient and remainder by line_range, counted up.
            addressSteps[opcode] = minimumInstructionLength &* quotient
            lineSteps[opcode] = lineBase &+ remainder
            remainder += 1
            if remainder == Int32(lineRange) {
                remainder = 0
                quotient += 1
            }
        }
        let adjustedConstant = addressSteps[255]
        let bytes = sections.line
        while reader.position < end {
            let opcode = bytes[reader.position]
            reader.position += 1
            if opcode >= opcodeBase {
                address &+= addressSteps[Int(opcode)]
                line &+= lineSteps[Int(opcode)]
                if address < lastAddress { ascending = false }
                rows.append(Row(address: address, line: line, file: file, endsSequence: false))
                lastAddress = address
                lastEnds = false
                continue
            }
            // DW_LNS_negate_stmt, set_basic_block, set_prologue_end, set_epilogue_begin: no operand,
            // nothing we keep. DW_LNS_set_column: one ULEB128 operand, skipped in place. These are
            // most of the standard opcodes in Swift's line programs.
            if (opcode == 6 || opcode == 7 || opcode == 10 || opcode == 11) && operandCounts[Int(opcode)] == 0 { continue }
            if opcode == 5 && operandCounts[5] == 1 {
                while reader.position < end && bytes[reader.position] & 0x80 != 0 { reader.position += 1 }
                guard reader.position < end else { throw Unsupported(reason: "read past the end") }
                reader.position += 1
                continue
            }
            switch opcode {
            case 0:  // extended
                let rawLength = try reader.uleb()
                guard rawLength <= UInt64(end - reader.position) else { throw Unsupported(reason: "extended opcode length") }
                let length = Int(rawLength)
                guard length > 0 else { throw Unsupported(reason: "extended opcode length") }
                let next = reader.position + length
                let extended = try reader.u8()
                switch extended {
                case 1:  // DW_LNE_end_sequence
                    if address < lastAddress || (address == lastAddress && !lastEnds) { ascending = false }
                    rows.append(Row(address: address, line: line, file: file, endsSequence: true))
                    lastAddress = address
                    lastEnds = true
                    address = 0
                    file = 1
                    line = 1
                case 2:  // DW_LNE_set_address
                    address = try reader.unsigned(size: length - 1)
                case 3 where version < 5:  // DW_LNE_define_file
                    guard let name = try reader.cString() else { throw Unsupported(reason: "define_file") }
                    let directory = try reader.uleb()
                    files.append(try Self.place((name, directory), directories: directories))
                default: break  // DW_LNE_set_discriminator and vendor opcodes carry nothing we keep.
                }
                reader.position = next
            case 1:  // DW_LNS_copy
                if address < lastAddress { ascending = false }
                rows.append(Row(address: address, line: line, file: file, endsSequence: false))
                lastAddress = address
                lastEnds = false
            case 2: address &+= minimumInstructionLength &* (try reader.uleb())  // DW_LNS_advance_pc
            case 3: line &+= Int32(truncatingIfNeeded: try reader.sleb())  // DW_LNS_advance_line
            case 4:  // DW_LNS_set_file
                let value = try reader.uleb()
                guard value <= UInt64(UInt16.max) else { throw Unsupported(reason: "file \(value)") }
                file = UInt16(value)
            case 8: address &+= adjustedConstant  // DW_LNS_const_add_pc
            case 9: address &+= UInt64(try reader.u16())  // DW_LNS_fixed_advance_pc
            default:
                // Column, flags, ISA and unknown opcodes: skip their ULEB128 operands.
                for _ in 0..<operandCounts[Int(opcode)] { _ = try reader.uleb() }
            }
        }
        if !ascending {
            let order = rows.indices.sorted { left, right in
                let a = rows[left]
                let b = rows[right]
                if a.address != b.address { return a.address < b.address }
                if a.endsSequence != b.endsSequence { return a.endsSequence }
                return left < right
            }
            rows = order.map { rows[$0] }
        }
        self.rows = rows
        self.files = files
        self.directories = directories
    }

    /// The file and line of `address`, chosen as `dwarf_getsrc_die` chooses them.
    /// - Returns: `nil` when no row covers `address` or the row's file is not in the table.
    /// - Complexity: O(log rows).
    func lookup(_ address: UInt64) -> (file: String, line: Int?)? {
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].address <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let row = rows[low - 1]
        guard !row.endsSequence, Int(row.file) < files.count else { return nil }
        let file = files[Int(row.file)]
        let name = file.directory < 0 ? file.path : directories[file.directory]! + "/" + file.path
        return (name, row.line > 0 ? Int(row.line) : nil)
    }

    /// `name` and the directory libdw would put it under: an absolute name, or one whose directory
    /// is unknown, stands alone (-1).
    private static func place(_ entry: (path: String, directory: UInt64), directories: [String?]) throws -> (path: String, directory: Int) {
        if entry.path.utf8.first == UInt8(ascii: "/") { return (entry.path, -1) }
        guard entry.directory < UInt64(directories.count) else { throw Unsupported(reason: "directory index \(entry.directory)") }
        return (entry.path, directories[Int(entry.directory)] == nil ? -1 : Int(entry.directory))
    }

    /// Reads a DWARF 5 directory or file-name table: the entry format, then the entries.
    private static func entries(
        _ reader: inout DwarfReader, sections: Sections, offsetSize: Int
    ) throws -> [(path: String, directory: UInt64)] {
        let formatCount = try reader.u8()
        var formats: [(content: UInt64, form: UInt64)] = []
        for _ in 0..<formatCount { formats.append((try reader.uleb(), try reader.uleb())) }
        let count = try reader.uleb()
        guard count <= UInt64(reader.end - reader.position) else { throw Unsupported(reason: "entry count") }
        var result: [(path: String, directory: UInt64)] = []
        result.reserveCapacity(Int(count))
        for _ in 0..<count {
            var path = ""
            var directory: UInt64 = 0
            for (content, form) in formats {
                switch content {
                case 1: path = try reader.string(form: form, sections: sections, offsetSize: offsetSize)  // DW_LNCT_path
                case 2: directory = try reader.formValue(form, offsetSize: offsetSize)  // DW_LNCT_directory_index
                default: try reader.skip(form: form, offsetSize: offsetSize)
                }
            }
            result.append((path, directory))
        }
        return result
    }
}
