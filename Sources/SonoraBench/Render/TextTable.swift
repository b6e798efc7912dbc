/// Renders rows as a plain-text table with padded columns.
public enum TextTable {
    /// Renders `rows` under `header`.
    ///
    /// - Parameters:
    ///   - header: Column titles.
    ///   - rows: Cells, one array per row, as many as `header`.
    ///   - rightAligned: Column indices aligned right (numbers).
    /// - Returns: The table, one line per row, ending in a newline.
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: max(widths[index] - cell.count, 0))
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }
            .joined(separator: "  ")
            .replacing(/\s+$/, with: "")
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
