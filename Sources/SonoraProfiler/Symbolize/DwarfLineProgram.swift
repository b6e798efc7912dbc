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
        let header = try DwarfLineHeader(sections: sections, offset: offset, compilationDirectory: compilationDirectory)
        try self.init(header: header, line: sections.line)
    }

    /// Decodes every row of the program whose header is `header`.
    init(header: DwarfLineHeader, line: UnsafeRawBufferPointer) throws {
        var files = header.files
        var collector = RowCollector()
        collector.rows.reserveCapacity((header.end - header.programStart) / 3)
        try header.run(line, from: header.programStart, files: &files, sink: &collector)
        var rows = collector.rows
        if !collector.ascending {
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
        self.directories = header.directories
    }

    /// Keeps every row, and whether they came in libdw's order (by address, an end-of-sequence
    /// row first at its address), so no sort is needed.
    private struct RowCollector: DwarfRowSink {
        var rows: [Row] = []
        var ascending = true
        var lastAddress: UInt64 = 0
        var lastEnds = true

        mutating func row(address: UInt64, line: Int32, file: UInt16, endsSequence: Bool, next: Int) -> Bool {
            if address < lastAddress || (endsSequence && address == lastAddress && !lastEnds) { ascending = false }
            rows.append(Row(address: address, line: line, file: file, endsSequence: endsSequence))
            lastAddress = address
            lastEnds = endsSequence
            return true
        }
    }

    /// The file and line of `address`, chosen as `dwarf_getsrc_die` chooses them.
    /// - Returns: `nil` when no row covers `address` or the row's file is not in the table.
    /// - Complexity: O(log rows).
    func lookup(_ address: UInt64) -> (file: String, line: Int?)? {
        let low = rows.upperBound(of: address) { $0.address }
        guard low > 0 else { return nil }
        let row = rows[low - 1]
        guard !row.endsSequence, let name = DwarfLineHeader.path(of: row.file, in: files, directories: directories) else { return nil }
        return (name, row.line > 0 ? Int(row.line) : nil)
    }
}
