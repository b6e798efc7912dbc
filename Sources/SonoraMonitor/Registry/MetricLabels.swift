/// The label set (dimensions) of one series, kept sorted by name so `(a, b)` and `(b, a)` are one series.
public struct MetricLabels: Hashable, Sendable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The pairs in ascending order of name; names are unique.
    public private(set) var pairs: [(name: String, value: String)]

    /// Makes a label set; a name given twice keeps its last value.
    public init(_ pairs: [(String, String)]) {
        var unique: [String: String] = [:]
        for (name, value) in pairs { unique[name] = value }
        self.pairs = unique.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// No labels.
    public static let none = MetricLabels([])

    public var isEmpty: Bool { pairs.isEmpty }

    public static func == (lhs: MetricLabels, rhs: MetricLabels) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.name)
            hasher.combine(pair.value)
        }
    }

    /// The set with names sanitized as ``MetricName/label(_:)`` does.
    /// - Throws: ``MonitorError`` `.invalidName` for a reserved label name.
    func sanitized() throws -> MetricLabels {
        MetricLabels(try pairs.map { (try MetricName.label($0.name), $0.value) })
    }

    /// `{a="1",b="2"}` in exposition syntax, values escaped; empty for no labels.
    public var description: String { rendered(extra: nil) }

    /// The labels in exposition syntax, with an optional extra pair (such as `le`) last.
    func rendered(extra: (String, String)?) -> String {
        if pairs.isEmpty && extra == nil { return "" }
        var text = "{"
        var first = true
        for pair in pairs {
            if !first { text += "," }
            first = false
            text += pair.name + "=\"" + Self.escape(pair.value) + "\""
        }
        if let extra {
            if !first { text += "," }
            text += extra.0 + "=\"" + extra.1 + "\""
        }
        return text + "}"
    }

    /// Escapes `\`, `"` and newline as the exposition format requires.
    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") })
        else { return value }
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
