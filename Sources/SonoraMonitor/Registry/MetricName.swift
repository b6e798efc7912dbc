/// Prometheus-valid metric and label names, made predictably from what callers pass.
///
/// The rule, stated in docs/monitor.md: every character outside `[a-zA-Z0-9_]` becomes `_`
/// (colons are reserved for recording rules), a leading digit gets a `_` in front, and the
/// `sonora_` prefix is added unless the name already has it. An empty name is refused.
public enum MetricName {
    /// The prefix every exposed family carries.
    public static let prefix = "sonora_"

    /// `name` with every invalid character replaced by `_`, and `_` before a leading digit.
    /// - Throws: ``MonitorError`` `.invalidName` when `name` is empty.
    /// - Complexity: O(n) in the length of `name`.
    public static func sanitize(_ name: String) throws -> String {
        guard !name.isEmpty else { throw MonitorError(.invalidName, "a metric name must not be empty") }
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            let valid = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
            scalars.append(valid ? scalar : "_")
        }
        if let first = scalars.first, ("0"..."9").contains(first) { scalars.insert("_", at: scalars.startIndex) }
        return String(scalars)
    }

    /// The exposed base name: sanitized, with the `sonora_` prefix.
    /// - Throws: ``MonitorError`` `.invalidName` when `name` is empty.
    public static func exposed(_ name: String) throws -> String {
        let clean = try sanitize(name)
        return clean.hasPrefix(prefix) ? clean : prefix + clean
    }

    /// A label name: sanitized; names starting with `__` are reserved by Prometheus and refused.
    /// - Throws: ``MonitorError`` `.invalidName` naming the label.
    public static func label(_ name: String) throws -> String {
        let clean = try sanitize(name)
        guard !clean.hasPrefix("__") else {
            throw MonitorError(.invalidName, "label name \"\(name)\" starts with \"__\", which Prometheus reserves")
        }
        return clean
    }
}
