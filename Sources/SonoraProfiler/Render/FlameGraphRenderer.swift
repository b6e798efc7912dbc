import Foundation

/// Draws a ``FlameGraphTree`` as a self-contained SVG: no fonts, scripts or styles from the network.
///
/// Every frame is a `<g>` with a `<title>` (full name, module, samples and percentage), a `<rect>`
/// and a pre-truncated label, so the picture reads with scripts off. The inline script adds
/// click-to-zoom, search and hover details.
enum FlameGraphRenderer {
    private static let padding = 10.0
    private static let charWidth = 7.0
    private static let fontSize = 12

    /// - Complexity: O(nodes), plus sorting each node's children.
    static func render(_ tree: FlameGraphTree, options: FlameGraphOptions) -> String {
        let width = Double(max(options.width, 200))
        let rowHeight = Double(max(options.frameHeight, 8))
        let drawable = width - 2 * padding
        let total = max(tree.total, 1)
        let scale = drawable / Double(total)

        // Lay out frames first to know which rows are drawn.
        struct Placed { var node: Int; var x: Double; var width: Double }
        var placed: [Placed] = []
        let ranks = tree.functionRanks()
        var stack: [(node: Int, x: Double)] = [(0, padding)]
        while let (node, x) = stack.popLast() {
            let w = Double(tree.nodes[node].value) * scale
            guard w >= options.minimumFrameWidth, tree.nodes[node].value > 0 else { continue }
            placed.append(Placed(node: node, x: x, width: w))
            var childX = x
            var pending: [(Int, Double)] = []
            for child in tree.sortedChildren(of: node, ranks: ranks) {
                pending.append((child, childX))
                childX += Double(tree.nodes[child].value) * scale
            }
            stack.append(contentsOf: pending.reversed())
        }
        let depth = placed.map { tree.nodes[$0.node].depth }.max() ?? 0
        let top = 3 * rowHeight + 8  // title, legend and controls
        let height = top + Double(depth + 1) * rowHeight + 2 * rowHeight
        let defaultTitle = tree.isDifferential
            ? "Differential flame graph (red grew, blue shrank)"
            : "\(options.icicle ? "Icicle" : "Flame") graph, \(tree.mode) time"
        let title = options.title ?? defaultTitle

        var maxDelta = 0.0
        if tree.isDifferential {
            for item in placed { maxDelta = max(maxDelta, abs(delta(tree, item.node))) }
        }

        var svg = """
        <?xml version="1.0" standalone="no"?>
        <svg version="1.1" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" \
        xmlns="http://www.w3.org/2000/svg" font-family="Verdana, Arial, sans-serif" font-size="\(fontSize)">
        <style>
        .f:hover rect { stroke: black; stroke-width: 0.5; cursor: pointer; }
        .f text { pointer-events: none; fill: black; }
        .ctl { cursor: pointer; fill: #1a5fb4; }
        </style>
        <script type="text/ecmascript"><![CDATA[
        var W = \(Int(width)), PAD = \(Int(padding)), ICICLE = \(options.icicle), CHAR = \(Int(charWidth));
        \(FlameGraphScript.source)
        ]]></script>
        <rect x="0" y="0" width="100%" height="100%" fill="rgb(250,250,245)"/>
        <text x="\(Int(width / 2))" y="\(Int(rowHeight + 2))" text-anchor="middle" font-size="16">\(escape(title))</text>

        """
        // Legend.
        var legendX = padding
        let legend: [(String, String)] = tree.isDifferential
            ? [("rgb(230,60,60)", "grew"), ("rgb(70,110,230)", "shrank"), ("rgb(245,245,245)", "unchanged")]
            : FrameCategory.all.map { ($0.legendColor, $0.rawValue) }
        for (color, label) in legend {
            svg += "<rect x=\"\(fmt(legendX))\" y=\"\(fmt(rowHeight + 10))\" width=\"12\" height=\"12\" fill=\"\(color)\" stroke=\"gray\" stroke-width=\"0.5\"/>"
            svg += "<text x=\"\(fmt(legendX + 16))\" y=\"\(fmt(rowHeight + 20))\">\(escape(label))</text>\n"
            legendX += 16 + Double(label.count) * charWidth + 18
        }
        svg += "<text id=\"reset\" class=\"ctl\" x=\"\(fmt(width - padding - 190))\" y=\"\(fmt(rowHeight + 20))\" style=\"display:none\">Reset zoom</text>"
        svg += "<text id=\"search\" class=\"ctl\" x=\"\(fmt(width - padding - 90))\" y=\"\(fmt(rowHeight + 20))\" style=\"display:none\">Search</text>\n"
        svg += "<g id=\"frames\">\n"

        // Per-function text and colors, computed once rather than per frame.
        let escapedNames = tree.functions.map { escape($0.name) }
        let escapedTips = tree.functions.map { escape($0.module.isEmpty ? $0.name : "\($0.name) (\($0.module))") }
        let fills = tree.functions.map { FrameCategory(module: $0.module, function: $0.name).color(for: $0.name) }

        for item in placed {
            let node = tree.nodes[item.node]
            let rowFromTop = options.icicle ? node.depth : depth - node.depth
            let y = top + Double(rowFromTop) * rowHeight
            let name: String, escapedName: String, tipHead: String, fill: String
            if node.function < 0 {
                name = "all"
                escapedName = "all"
                tipHead = "all"
                fill = tree.isDifferential ? diffColor(delta(tree, item.node), maxDelta) : "rgb(200,200,200)"
            } else {
                name = tree.functions[node.function].name
                escapedName = escapedNames[node.function]
                tipHead = escapedTips[node.function]
                fill = tree.isDifferential ? diffColor(delta(tree, item.node), maxDelta) : fills[node.function]
            }
            let percent = 100 * Double(node.value) / Double(total)
            var tip = "\n\(node.value) samples, \(fmt(percent))%"
            if tree.isDifferential {
                let basePercent = 100 * Double(node.baseValue) / Double(max(tree.baseTotal, 1))
                tip += "\nbase \(fmt(basePercent))% → head \(fmt(percent))% (\(signed(percent - basePercent)) points)"
            }
            svg += "<g class=\"f\" data-name=\"\(escapedName)\"><title>\(tipHead)\(tip)</title>"
            svg += "<rect x=\"\(fmt(item.x))\" y=\"\(fmt(y))\" width=\"\(fmt(item.width))\" height=\"\(fmt(rowHeight - 1))\" fill=\"\(fill)\" rx=\"2\"/>"
            svg += "<text x=\"\(fmt(item.x + 3))\" y=\"\(fmt(y + rowHeight - 4.5))\">\(escape(label(name, width: item.width)))</text></g>\n"
        }
        svg += "</g>\n"
        svg += "<text id=\"details\" x=\"\(fmt(padding))\" y=\"\(fmt(height - rowHeight / 2))\"> </text>\n"
        svg += "</svg>\n"
        return svg
    }

    /// The node's change in share, in percentage points, head minus base.
    private static func delta(_ tree: FlameGraphTree, _ node: Int) -> Double {
        let head = 100 * Double(tree.nodes[node].value) / Double(max(tree.total, 1))
        let base = 100 * Double(tree.nodes[node].baseValue) / Double(max(tree.baseTotal, 1))
        return head - base
    }

    /// Red for growth, blue for shrinkage, white for no change; saturation grows with the change.
    private static func diffColor(_ delta: Double, _ maxDelta: Double) -> String {
        guard maxDelta > 0, abs(delta) > 1e-9 else { return "rgb(245,245,245)" }
        let strength = min(1, abs(delta) / maxDelta)
        let fade = Int(220 * (1 - strength)) + 20
        return delta > 0 ? "rgb(245,\(fade),\(fade))" : "rgb(\(fade),\(fade + 10 > 245 ? 245 : fade + 10),245)"
    }

    /// The label that fits `width` pixels: the name, cut with `..`, or nothing.
    static func label(_ name: String, width: Double) -> String {
        let fits = Int((width - 6) / charWidth)
        if fits < 3 { return "" }
        if name.utf8.count <= fits || name.count <= fits { return name }
        return String(name.prefix(fits - 2)) + ".."
    }

    /// XML-escapes `text`; control characters, which XML 1.0 cannot hold even as references, are
    /// written as visible `\u{1B}`-style text (see ``Profile/printable(_:)``).
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 < 0x20 || $0 == 0x7F }) else { return text }
        let text = Profile.printable(text)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Two decimals without `String(format:)`, which is slow on Linux and dominates large graphs.
    static func fmt(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
    private static func signed(_ value: Double) -> String {
        let text = fmt(value)
        return text.hasPrefix("-") ? text : "+" + text
    }
}
