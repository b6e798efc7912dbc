import Foundation

extension ProfileDiff {
    /// A text table of the largest changes, in percentage points.
    ///
    /// - Parameter limit: The most rows to show; 0 or less shows all.
    /// - Returns: Lines like `  +12.50   +12.50   10.00% → 22.50%  hotLoop (App)`.
    public func table(limit: Int = 20) -> String {
        var out = "  Δself   Δcum   self base → head   cum base → head   function\n"
        let limit = limit > 0 ? limit : entries.count
        for entry in entries.prefix(limit) {
            let module = entry.module.isEmpty ? "" : " (\(entry.module))"
            out += pad(signed(entry.selfShareDelta), 7) + " " + pad(signed(entry.cumulativeShareDelta), 7)
            out += "   " + pad(percent(entry.baseSelfShare), 6) + " → " + pad(percent(entry.headSelfShare), 6)
            out += "   " + pad(percent(entry.baseCumulativeShare), 6) + " → " + pad(percent(entry.headCumulativeShare), 6)
            out += "   \(Profile.printable(entry.name))\(Profile.printable(module))\n"
        }
        if entries.count > limit { out += "  … \(entries.count - limit) more functions\n" }
        return out
    }

    /// A differential flame graph: the head profile's flame graph colored by change, red where a
    /// frame's share grew and blue where it shrank. Frames only in the base profile are not drawn.
    ///
    /// - Parameter options: Layout options.
    /// - Returns: A self-contained SVG document.
    public func flameGraph(options: FlameGraphOptions = .init()) -> String {
        FlameGraphRenderer.render(FlameGraphTree(base: base, head: head), options: options)
    }

    /// Writes ``flameGraph(options:)`` to `url` atomically.
    ///
    /// - Throws: ``ProfilerError`` naming the file when it cannot be written.
    public func writeFlameGraph(to url: URL, options: FlameGraphOptions = .init()) throws {
        try AtomicFile.write(Data(flameGraph(options: options).utf8), to: url)
    }

    private func signed(_ share: Double) -> String { String(format: "%+.2f", share * 100) }
    private func percent(_ share: Double) -> String { String(format: "%.2f%%", share * 100) }
    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
