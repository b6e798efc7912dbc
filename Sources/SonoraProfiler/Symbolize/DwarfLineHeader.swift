/// The header of one compilation unit's DWARF line program, and the interpreter of its opcodes.
///
/// ``DwarfLineProgram`` runs the whole program into rows; ``DwarfLineSequences`` runs it once
/// without keeping rows, to find where each sequence starts, and later runs only the sequence a
/// lookup needs. Both go through ``run(_:from:address:file:line:files:sink:)``, so they decode alike.
struct DwarfLineHeader {
    let version: UInt16
    /// Where the opcodes start and end, as offsets into `.debug_line`.
    let programStart: Int
    let end: Int
    let opcodeBase: UInt8
    let minimumInstructionLength: UInt64
    /// Operands of each standard opcode, by opcode.
    let operandCounts: [UInt8]
    /// A special opcode's address and line advance, by opcode.
    let addressSteps: [UInt64]
    let lineSteps: [Int32]
    /// File names by the `file` register's value, with the index of their directory in
    /// `directories` (-1: the name stands alone); index 0 is `???` before DWARF 5, as in libdw.
    let files: [(path: String, directory: Int)]
    let directories: [String?]

    /// Reads the header of the program at `offset` in `sections.line`.
    /// - Parameters:
    ///   - sections: The file's line and string sections.
    ///   - offset: The unit's `DW_AT_stmt_list`.
    ///   - compilationDirectory: The unit's `DW_AT_comp_dir`: directory 0 before DWARF 5.
    /// - Throws: ``DwarfLineProgram/Unsupported`` when the header is cut off, malformed or uses
    ///   something not handled.
    init(sections: DwarfLineProgram.Sections, offset: Int, compilationDirectory: String?) throws {
        typealias Unsupported = DwarfLineProgram.Unsupported
        var reader = DwarfReader(bytes: sections.line, position: offset)
        var unitLength = UInt64(try reader.u32())
        var offsetSize = 4
        if unitLength == 0xFFFF_FFFF {
            unitLength = try reader.u64()
            offsetSize = 8
        }
        guard unitLength <= UInt64(sections.line.count - reader.position) else { throw Unsupported(reason: "unit_length") }
        end = reader.position + Int(unitLength)
        reader.end = end
        version = try reader.u16()
        guard (2...5).contains(version) else { throw Unsupported(reason: "version \(version)") }
        if version >= 5 {
            _ = try reader.u8()  // address_size
            _ = try reader.u8()  // segment_selector_size
        }
        let headerLength = try reader.offset(size: offsetSize)
        guard headerLength <= UInt64(end - reader.position) else { throw Unsupported(reason: "header_length") }
        programStart = reader.position + Int(headerLength)
        minimumInstructionLength = UInt64(try reader.u8())
        if version >= 4 {
            guard try reader.u8() == 1 else { throw Unsupported(reason: "maximum_operations_per_instruction") }
        }
        _ = try reader.u8()  // default_is_stmt: rows are kept whatever is_stmt says, as libdw keeps them.
        let lineBase = Int32(Int8(bitPattern: try reader.u8()))
        let lineRange = try reader.u8()
        opcodeBase = try reader.u8()
        guard lineRange != 0, opcodeBase != 0 else { throw Unsupported(reason: "line_range or opcode_base is 0") }
        var operandCounts: [UInt8] = [0]
        for _ in 1..<opcodeBase { operandCounts.append(try reader.u8()) }
        // Every opcode at or above opcode_base is special; pad so any byte indexes the table.
        operandCounts += Array(repeating: 0, count: 256 - operandCounts.count)
        self.operandCounts = operandCounts

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
        self.files = files
        self.directories = directories

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
        self.addressSteps = addressSteps
        self.lineSteps = lineSteps
    }

    /// The name of file `index` as libdw builds it: an absolute name as is, otherwise its
    /// directory, `/` and the name. `nil` when the file is not in `files`.
    static func path(of index: UInt16, in files: [(path: String, directory: Int)], directories: [String?]) -> String? {
        guard Int(index) < files.count else { return nil }
        let file = files[Int(index)]
        return file.directory < 0 ? file.path : directories[file.directory]! + "/" + file.path
    }

    /// Runs the opcodes from `start` (the program's start or a sequence's first opcode) and hands
    /// each row to `sink`, until the program ends or `sink` returns `false`.
    ///
    /// `DW_LNE_define_file` (before DWARF 5) appends to `files`.
    /// - Throws: ``DwarfLineProgram/Unsupported`` when an operand is cut off or malformed.
    /// - Complexity: O(bytes run).
    /// `address`, `file` and `line` are the registers to start with: their initial values at the
    /// start of a sequence, or those of the row after which `start` lies.
    func run<Sink: DwarfRowSink>(
        _ bytes: UnsafeRawBufferPointer, from start: Int, address: UInt64 = 0, file: UInt16 = 1, line: Int32 = 1,
        files: inout [(path: String, directory: Int)], sink: inout Sink
    ) throws {
        typealias Unsupported = DwarfLineProgram.Unsupported
        var reader = DwarfReader(bytes: bytes, position: start)
        reader.end = end
        var address = address
        var file = file
        var line = line
        let adjustedConstant = addressSteps[255]
        try addressSteps.withUnsafeBufferPointer { addressSteps in
            try lineSteps.withUnsafeBufferPointer { lineSteps in
                try operandCounts.withUnsafeBufferPointer { operandCounts in
                    while reader.position < end {
                        let opcode = bytes[reader.position]
                        reader.position += 1
                        if opcode >= opcodeBase {
                            address &+= addressSteps[Int(opcode)]
                            line &+= lineSteps[Int(opcode)]
                            guard sink.row(address: address, line: line, file: file, endsSequence: false, next: reader.position) else { return }
                            // Rows only move the address up until the next extended opcode, so the
                            // rows that follow can be folded when the sink allows: registers only,
                            // no call per row. Swift's programs put a DW_LNS_set_column (and often
                            // an advance_line) before each special opcode, so those are run here too.
                            let foldable = sink.foldableRows
                            guard foldable > 0 else { continue }
                            var position = reader.position
                            var folded = 0
                            var lastRow = address
                            folding: while position < end {
                                let next = bytes[position]
                                if next >= opcodeBase || next == 1 {  // a special opcode or DW_LNS_copy: a row
                                    guard folded < foldable else { break }
                                    let moved = next == 1 ? address : address &+ addressSteps[Int(next)]
                                    guard moved >= address else { break }
                                    address = moved
                                    if next != 1 { line &+= lineSteps[Int(next)] }
                                    lastRow = address
                                    folded += 1
                                    position += 1
                                    continue
                                }
                                var probe = reader
                                probe.position = position + 1
                                switch next {
                                case 6, 7, 10, 11 where operandCounts[Int(next)] == 0: break
                                case 5 where operandCounts[5] == 1: guard (try? probe.uleb()) != nil else { break folding }
                                case 2:
                                    guard let step = try? probe.uleb(), step <= UInt64(UInt32.max) else { break folding }
                                    let (moved, overflow) = address.addingReportingOverflow(minimumInstructionLength &* step)
                                    guard !overflow else { break folding }
                                    address = moved
                                case 3:
                                    guard let step = try? probe.sleb() else { break folding }
                                    line &+= Int32(truncatingIfNeeded: step)
                                case 4:
                                    guard let value = try? probe.uleb(), value <= UInt64(UInt16.max) else { break folding }
                                    file = UInt16(value)
                                case 8:
                                    let (moved, overflow) = address.addingReportingOverflow(adjustedConstant)
                                    guard !overflow else { break folding }
                                    address = moved
                                default: break folding  // extended opcodes, fixed_advance_pc, unusual operands
                                }
                                position = probe.position
                            }
                            reader.position = position
                            if folded > 0 { sink.fold(rows: folded, lastAddress: lastRow) }
                            continue
                        }
                        // DW_LNS_negate_stmt, set_basic_block, set_prologue_end, set_epilogue_begin: no
                        // operand, nothing we keep. DW_LNS_set_column: one ULEB128 operand, skipped in
                        // place. These are most of the standard opcodes in Swift's line programs.
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
                                guard sink.row(address: address, line: line, file: file, endsSequence: true, next: next) else { return }
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
                            guard sink.row(address: address, line: line, file: file, endsSequence: false, next: reader.position) else { return }
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
                }
            }
        }
    }

    /// `name` and the directory libdw would put it under: an absolute name, or one whose directory
    /// is unknown, stands alone (-1).
    static func place(_ entry: (path: String, directory: UInt64), directories: [String?]) throws -> (path: String, directory: Int) {
        if entry.path.utf8.first == UInt8(ascii: "/") { return (entry.path, -1) }
        guard entry.directory < UInt64(directories.count) else { throw DwarfLineProgram.Unsupported(reason: "directory index \(entry.directory)") }
        return (entry.path, directories[Int(entry.directory)] == nil ? -1 : Int(entry.directory))
    }

    /// Reads a DWARF 5 directory or file-name table: the entry format, then the entries.
    private static func entries(
        _ reader: inout DwarfReader, sections: DwarfLineProgram.Sections, offsetSize: Int
    ) throws -> [(path: String, directory: UInt64)] {
        let formatCount = try reader.u8()
        var formats: [(content: UInt64, form: UInt64)] = []
        for _ in 0..<formatCount { formats.append((try reader.uleb(), try reader.uleb())) }
        let count = try reader.uleb()
        guard count <= UInt64(reader.end - reader.position) else { throw DwarfLineProgram.Unsupported(reason: "entry count") }
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

/// What ``DwarfLineHeader/run(_:from:address:file:line:files:sink:)`` hands each row of the line-number matrix to.
protocol DwarfRowSink {
    /// Takes one row; `next` is the offset of the opcode after the one that made it.
    /// - Returns: `false` to stop the program there.
    mutating func row(address: UInt64, line: Int32, file: UInt16, endsSequence: Bool, next: Int) -> Bool
    /// How many rows of special opcodes that directly follow the row just taken the sink lets
    /// `run` fold into one ``fold(rows:lastAddress:)`` call instead of a ``row(address:line:file:endsSequence:next:)``
    /// each. Those rows never end a sequence and their addresses never go down. 0 by default.
    var foldableRows: Int { get }
    /// Takes `rows` folded rows, the highest (last) of which is at `lastAddress`.
    mutating func fold(rows: Int, lastAddress: UInt64)
}

extension DwarfRowSink {
    var foldableRows: Int { 0 }
    mutating func fold(rows: Int, lastAddress: UInt64) {}
}
