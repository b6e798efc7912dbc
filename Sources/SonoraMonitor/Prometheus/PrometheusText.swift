/// Renders a registry in the Prometheus text exposition format, version 0.0.4.
///
/// Families come out sorted by name and series sorted by labels, so two scrapes of the same values
/// are byte-identical. Every family has a `# HELP` and a `# TYPE` line.
public enum PrometheusText {
    /// The `Content-Type` of the output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The exposition text of every family in `registry`, then `extra` families (process metrics).
    /// - Complexity: O(s·b) in the number of series and timing buckets.
    public static func render(_ registry: MetricRegistry, extra: [ExtraFamily] = []) -> String {
        var text = ""
        text.reserveCapacity(4096)
        for (family, series) in registry.sortedFamilies() {
            appendHeader(&text, name: family.name, help: family.help, type: family.kind == .timing ? "histogram" : family.kind.rawValue)
            for item in series {
                switch item {
                // Appends piece by piece: `a + b + c` would allocate a temporary string per `+`.
                case .counter(let counter):
                    appendSample(&text, family.name, "", counter.renderedLabels, String(counter.value))
                case .gauge(let gauge):
                    appendSample(&text, family.name, "", gauge.renderedLabels, format(gauge.value))
                case .timing(let timing):
                    let snapshot = timing.snapshot()
                    for (index, labels) in timing.renderedBucketLabels.enumerated() {
                        appendSample(&text, family.name, "_bucket", labels, String(snapshot.cumulative[index]))
                    }
                    appendSample(&text, family.name, "_sum", timing.renderedLabels, format(snapshot.sum))
                    appendSample(&text, family.name, "_count", timing.renderedLabels, String(snapshot.count))
                }
            }
        }
        for family in extra {
            appendHeader(&text, name: family.name, help: family.help, type: family.type)
            text += family.name + " " + format(family.value) + "\n"
        }
        return text
    }

    /// One unlabelled sample outside the registry, such as `process_open_fds`.
    public struct ExtraFamily: Sendable, Hashable {
        public var name: String
        public var help: String
        /// `counter` or `gauge`.
        public var type: String
        public var value: Double

        public init(name: String, help: String, type: String, value: Double) {
            self.name = name
            self.help = help
            self.type = type
            self.value = value
        }
    }

    private static func appendSample(_ text: inout String, _ name: String, _ suffix: String, _ labels: String, _ value: String) {
        text += name
        text += suffix
        text += labels
        text += " "
        text += value
        text += "\n"
    }

    private static func appendHeader(_ text: inout String, name: String, help: String, type: String) {
        text += "# HELP " + name + " " + escapeHelp(help) + "\n# TYPE " + name + " " + type + "\n"
    }

    /// Escapes `\` and newline in HELP text.
    static func escapeHelp(_ help: String) -> String {
        guard help.contains(where: { $0 == "\\" || $0 == "\n" }) else { return help }
        return help.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n")
    }

    /// A sample value: integers without a fraction, `+Inf`, `-Inf` and `NaN` as Prometheus spells them.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
