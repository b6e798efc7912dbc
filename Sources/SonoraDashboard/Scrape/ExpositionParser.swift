/// Parses the Prometheus text exposition format (version 0.0.4, and the OpenMetrics text that most
/// endpoints also accept) into metric families.
///
/// Samples join the family their `# TYPE` line names; `_bucket`, `_sum`, `_count`, `_total` and
/// `_created` series join the histogram, summary or counter family they belong to. Samples with no
/// `# TYPE` form `untyped` families of their own. Timestamps are accepted and ignored.
public enum ExpositionParser {
    /// Parses `text`.
    /// - Parameters:
    ///   - text: The body of a scrape.
    ///   - source: What to call the body in errors, for example the URL.
    /// - Returns: The families, in the order their first line appeared.
    /// - Throws: ``DashboardError`` with code `.notExposition`, naming the source and the first bad line.
    /// - Complexity: O(length of `text`).
    public static func parse(_ text: String, source: String) throws -> Scrape {
        var builder = Builder()
        var lineNumber = 0
        var sawContent = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty { continue }
            if !sawContent, let first = trimmed.first, first == "<" || first == "{" || first == "[" {
                let kind = first == "<" ? "HTML or XML" : "JSON"
                throw DashboardError(.notExposition, "\(source) did not answer with Prometheus text format: the body looks like \(kind)")
            }
            sawContent = true
            do {
                if trimmed.first == "#" {
                    try builder.comment(trimmed.dropFirst())
                } else {
                    try builder.sample(trimmed)
                }
            } catch let problem as LineProblem {
                throw DashboardError(
                    .notExposition,
                    "\(source) is not Prometheus text format: line \(lineNumber): \(problem.reason): \(PrintableText.excerpt(line))")
            }
        }
        return Scrape(families: builder.families)
    }

    private struct LineProblem: Error {
        var reason: String
    }

    private struct Builder {
        var families: [MetricFamily] = []
        var index: [String: Int] = [:]

        mutating func familyIndex(_ name: String, type: MetricType) -> Int {
            if let existing = index[name] { return existing }
            families.append(MetricFamily(name: name, type: type))
            index[name] = families.count - 1
            return families.count - 1
        }

        mutating func comment(_ body: Substring) throws {
            var rest = body.drop(while: { $0 == " " })
            let keyword = rest.prefix(while: { $0 != " " })
            guard keyword == "HELP" || keyword == "TYPE" else { return }  // any other comment, or OpenMetrics' "# EOF"
            rest = rest.dropFirst(keyword.count).drop(while: { $0 == " " })
            let name = String(rest.prefix(while: { $0 != " " && $0 != "\t" }))
            guard ExpositionParser.isMetricName(name) else { throw LineProblem(reason: "bad metric name in # \(keyword)") }
            let value = String(rest.dropFirst(name.count).drop(while: { $0 == " " || $0 == "\t" }))
            if keyword == "HELP" {
                let at = familyIndex(name, type: .untyped)
                families[at].help = ExpositionParser.unescape(value, quotes: false)
            } else {
                guard let type = MetricType(rawValue: value.trimmingSpaces()) else {
                    throw LineProblem(reason: "unknown metric type \"\(PrintableText.excerpt(value, limit: 40))\"")
                }
                let at = familyIndex(name, type: type)
                families[at].type = type
            }
        }

        mutating func sample(_ line: Substring) throws {
            var cursor = line[...]
            let name = String(cursor.prefix(while: { $0.isMetricNameCharacter }))
            guard ExpositionParser.isMetricName(name) else { throw LineProblem(reason: "a sample must start with a metric name") }
            cursor = cursor.dropFirst(name.count)
            var labels: [MetricLabel] = []
            if cursor.first == "{" {
                cursor = cursor.dropFirst()
                labels = try parseLabels(&cursor)
            }
            let fields = cursor.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let valueText = fields.first else { throw LineProblem(reason: "the sample has no value") }
            guard let value = ExpositionParser.parseValue(valueText) else { throw LineProblem(reason: "\"\(PrintableText.excerpt(valueText, limit: 40))\" is not a number") }
            if fields.count > 2 || (fields.count == 2 && Double(fields[1]) == nil) {
                throw LineProblem(reason: "unexpected text after the value")
            }
            let at = familyIndex(familyName(for: name), type: .untyped)
            families[at].samples.append(MetricSample(name: name, labels: labels, value: value))
        }

        /// The declared family a series belongs to: itself, or its name less a histogram, summary or
        /// counter suffix when that name was declared with the matching type.
        func familyName(for name: String) -> String {
            if index[name] != nil { return name }
            let suffixes: [(String, Set<MetricType>)] = [
                ("_bucket", [.histogram]), ("_sum", [.histogram, .summary]), ("_count", [.histogram, .summary]),
                ("_total", [.counter]), ("_created", [.counter, .histogram, .summary]),
            ]
            for (suffix, types) in suffixes where name.hasSuffix(suffix) {
                let base = String(name.dropLast(suffix.count))
                if let at = index[base], types.contains(families[at].type) { return base }
            }
            return name
        }

        func parseLabels(_ cursor: inout Substring) throws -> [MetricLabel] {
            var labels: [MetricLabel] = []
            while true {
                cursor = cursor.drop(while: { $0 == " " })
                if cursor.first == "}" {
                    cursor = cursor.dropFirst()
                    return labels
                }
                let name = String(cursor.prefix(while: { $0.isMetricNameCharacter && $0 != ":" }))
                guard !name.isEmpty, !(name.first!.isNumber) else { throw LineProblem(reason: "bad label name") }
                cursor = cursor.dropFirst(name.count).drop(while: { $0 == " " })
                guard cursor.first == "=" else { throw LineProblem(reason: "expected = after label \(PrintableText.excerpt(name, limit: 40))") }
                cursor = cursor.dropFirst().drop(while: { $0 == " " })
                guard cursor.first == "\"" else { throw LineProblem(reason: "the value of label \(PrintableText.excerpt(name, limit: 40)) is not quoted") }
                cursor = cursor.dropFirst()
                var value = ""
                var closed = false
                while let character = cursor.first {
                    cursor = cursor.dropFirst()
                    if character == "\\" {
                        guard let escaped = cursor.first else { break }
                        cursor = cursor.dropFirst()
                        switch escaped {
                        case "n": value.append("\n")
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        default: value.append("\\"); value.append(escaped)
                        }
                    } else if character == "\"" {
                        closed = true
                        break
                    } else {
                        value.append(character)
                    }
                }
                guard closed else { throw LineProblem(reason: "the value of label \(PrintableText.excerpt(name, limit: 40)) is not closed") }
                labels.append(MetricLabel(name, value))
                cursor = cursor.drop(while: { $0 == " " })
                if cursor.first == "," { cursor = cursor.dropFirst() } else if cursor.first != "}" {
                    throw LineProblem(reason: "expected , or } after label \(PrintableText.excerpt(name, limit: 40))")
                }
            }
        }
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.first, !first.isNumber else { return false }
        return name.allSatisfy(\.isMetricNameCharacter)
    }

    static func parseValue(_ text: Substring) -> Double? {
        switch text {
        case "+Inf", "Inf", "+inf", "inf": return .infinity
        case "-Inf", "-inf": return -.infinity
        case "NaN", "nan": return .nan
        default: return Double(text)
        }
    }

    static func unescape(_ text: String, quotes: Bool) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "\\": result.append("\\")
                case "\"" where quotes: result.append("\"")
                default: result.append("\\"); result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        if escaping { result.append("\\") }
        return result
    }
}

extension Character {
    fileprivate var isMetricNameCharacter: Bool {
        guard isASCII else { return false }
        return isLetter || isNumber || self == "_" || self == ":"
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
