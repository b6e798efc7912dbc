/// Eight-level block sparklines (`▁▂▃▄▅▆▇█`), scaled from zero to the largest value shown.
enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values as a sparkline, right-aligned (padded with spaces on the left).
    static func render(_ values: [Double], width: Int) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width).map { $0.isFinite ? max(0, $0) : 0 }
        let top = shown.max() ?? 0
        let bars = shown.map { value -> Character in
            guard top > 0 else { return levels[0] }
            return levels[min(levels.count - 1, Int((value / top * Double(levels.count - 1)).rounded()))]
        }
        return String(repeating: " ", count: width - bars.count) + String(bars)
    }
}
