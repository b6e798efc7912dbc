/// Draws a ``Frame`` as lines of plain text that fit a terminal `width` columns wide (and, when
/// given, `height` rows tall). Pure: no escape codes; the terminal layer adds those.
public enum FrameRenderer {
    /// The narrowest width laid out; narrower terminals get lines cut at this width.
    public static let minimumWidth = 40

    /// Renders `frame`.
    /// - Parameters:
    ///   - frame: What to show.
    ///   - width: Terminal columns; every line is at most this many characters.
    ///   - height: Terminal rows, or `nil` for no limit; sections share the rows, each cut one ending in `… N more`.
    /// - Returns: The lines, without newlines.
    public static func render(_ frame: Frame, width: Int, height: Int? = nil) -> [String] {
        let width = max(minimumWidth, width)
        var lines = header(frame, width: width)
        var sections = [counters(frame.counters, width: width), gauges(frame.gauges, width: width), timings(frame.timings, width: width)]
            .filter { !$0.isEmpty }
        if let height {
            sections = share(sections, rows: max(0, height - lines.count))
        }
        lines += sections.joined()
        if frame.counters.isEmpty && frame.gauges.isEmpty && frame.timings.isEmpty && frame.scrapeAge != nil {
            lines.append("")
            lines.append("(the target exports no counters, gauges or histograms besides process metrics)")
        }
        if let height, lines.count > max(height, 1) {
            lines = Array(lines.prefix(max(height, 1)))
        }
        return lines.map { trimmingTrailingSpaces(fit($0, width)) }
    }

    /// Cuts each section (a blank line, a title line, then rows) so all fit in `rows` lines, sharing
    /// rows out one at a time so a long section cannot push the others off the screen; a cut section
    /// ends in a `… N more` line.
    static func share(_ sections: [[String]], rows: Int) -> [[String]] {
        var budget = rows - sections.count * 2
        guard budget > 0 else { return sections.map { Array($0.prefix(2)) } }
        var shown = Array(repeating: 0, count: sections.count)
        let wanted = sections.map { $0.count - 2 }
        var progress = true
        while budget > 0 && progress {
            progress = false
            for index in sections.indices where shown[index] < wanted[index] && budget > 0 {
                shown[index] += 1
                budget -= 1
                progress = true
            }
        }
        return sections.indices.map { index in
            let section = sections[index]
            guard shown[index] < wanted[index] else { return section }
            // The last shown row gives way to the summary line.
            let kept = max(0, shown[index] - 1)
            return Array(section.prefix(2 + kept)) + ["  … \(wanted[index] - kept) more"]
        }
    }

    static func header(_ frame: Frame, width: Int) -> [String] {
        var first = "sonora top  \(frame.target)"
        first += "  scraped " + (frame.scrapeAge.map { ValueFormat.age($0) + " ago" } ?? "never")
        if let uptime = frame.uptime { first += "  uptime " + ValueFormat.age(uptime) }
        var lines = [first]
        if let error = frame.error { lines.append("! " + error) }
        let system = frame.system
        var parts = ["cpu " + (system.cpuPercent.map { String(format: "%.1f%%", $0) } ?? "—")]
        parts.append("rss " + ValueFormat.bytes(system.residentBytes))
        if let virtual = system.virtualBytes { parts.append("virt " + ValueFormat.bytes(virtual)) }
        parts.append("threads " + (system.threads.map(ValueFormat.number) ?? "—"))
        var fds = "fds " + (system.openFDs.map(ValueFormat.number) ?? "—")
        if let max = system.maxFDs { fds += "/" + ValueFormat.number(max) }
        parts.append(fds)
        lines.append("")
        // The system line wraps at the width rather than losing its last readings.
        var line = "SYSTEM  "
        for part in parts {
            if line.count + 3 + part.count > width && line != "SYSTEM  " {
                lines.append(line)
                line = "        "
            }
            line += (line.hasSuffix("  ") ? "" : "   ") + part
        }
        lines.append(line)
        return lines
    }

    static func counters(_ rows: [Frame.CounterRow], width: Int) -> [String] {
        guard !rows.isEmpty else { return [] }
        let trendWidth = min(20, max(0, width - 2 - 24 - 24))
        let trend = trendWidth >= 5 ? trendWidth : 0
        let nameWidth = width - 2 - 12 - 10 - (trend > 0 ? trend + 2 : 0)
        var lines = ["", table("COUNTERS", nameWidth + 2, ["total", "rate/s"]) + (trend > 0 ? "  " + pad("trend", trend, right: false) : "")]
        for row in rows {
            var line = "  " + pad(cut(row.name + row.labels, nameWidth), nameWidth, right: false)
            line += pad(ValueFormat.number(row.total), 12) + pad(ValueFormat.rate(row.rate), 10)
            if trend > 0 { line += "  " + Sparkline.render(row.rates, width: trend) }
            lines.append(line)
        }
        return lines
    }

    static func gauges(_ rows: [Frame.GaugeRow], width: Int) -> [String] {
        guard !rows.isEmpty else { return [] }
        let nameWidth = width - 2 - 14
        var lines = ["", table("GAUGES", nameWidth + 2, ["value"], column: 14)]
        for row in rows {
            let value = row.name.hasSuffix("_bytes") ? ValueFormat.bytes(row.value)
                : row.name.hasSuffix("_seconds") ? ValueFormat.duration(row.value) : ValueFormat.number(row.value)
            lines.append("  " + pad(cut(row.name + row.labels, nameWidth), nameWidth, right: false) + pad(value, 14))
        }
        return lines
    }

    static func timings(_ rows: [Frame.TimingRow], width: Int) -> [String] {
        guard !rows.isEmpty else { return [] }
        // Below 72 columns the rate column gives way to the name.
        let showsRate = width >= 72
        let nameWidth = width - 2 - 10 * (showsRate ? 4 : 3)
        var lines = ["", table("TIMINGS", nameWidth + 2, showsRate ? ["count", "rate/s", "p50", "p99"] : ["count", "p50", "p99"])]
        for row in rows {
            let show: (Double?) -> String = { row.isSeconds ? ValueFormat.duration($0) : ($0.map(ValueFormat.number) ?? "—") }
            var line = "  " + pad(cut(row.name + row.labels, nameWidth), nameWidth, right: false)
            line += pad(ValueFormat.number(row.count), 10) + (showsRate ? pad(ValueFormat.rate(row.rate), 10) : "")
            line += pad(show(row.p50), 10) + pad(show(row.p99), 10)
            lines.append(line)
        }
        return lines
    }

    static func table(_ title: String, _ titleWidth: Int, _ columns: [String], column: Int? = nil) -> String {
        var line = pad(title, titleWidth, right: false)
        for (index, name) in columns.enumerated() {
            line += pad(name, column ?? (index == 0 && columns.count == 2 ? 12 : 10))
        }
        return line
    }

    /// `text` padded with spaces to `width` characters, on the left when `right` (right-aligned).
    static func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
        let count = text.count
        guard count < width else { return text }
        let spaces = String(repeating: " ", count: width - count)
        return right ? spaces + text : text + spaces
    }

    /// `text` cut to `width` characters with a trailing `…` when longer.
    static func cut(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(max(0, width))) }
        return String(text.prefix(width - 1)) + "…"
    }

    static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    static func fit(_ line: String, _ width: Int) -> String {
        line.count > width ? cut(line, width) : line
    }
}
