/// What an alert rule reads: a system reading, a counter's rate, a gauge, or a timing percentile,
/// optionally narrowed by labels.
public struct AlertQuery: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Process CPU, where 100 means one full core.
        case cpuPercent
        /// Resident memory as a percentage of the machine's memory.
        case memoryPercent
        /// The increase of a counter per `per`, over the last `per` of evaluations.
        case counterRate(name: String, per: Duration)
        /// A gauge's current value.
        case gauge(name: String)
        /// A timing's `quantile` (0…1), in seconds.
        case timingQuantile(name: String, quantile: Double)
    }

    public var kind: Kind
    /// Only the series with these labels; empty means the series without labels.
    public var labels: [String: String]

    public init(_ kind: Kind, labels: [String: String] = [:]) {
        self.kind = kind
        self.labels = labels
    }

    public static let cpuPercent = AlertQuery(.cpuPercent)
    public static let memoryPercent = AlertQuery(.memoryPercent)

    /// The increase of counter `name` per `per` (a minute by default).
    public static func counterRate(_ name: String, labels: [String: String] = [:], per: Duration = .seconds(60)) -> AlertQuery {
        AlertQuery(.counterRate(name: name, per: per), labels: labels)
    }

    public static func gauge(_ name: String, labels: [String: String] = [:]) -> AlertQuery {
        AlertQuery(.gauge(name: name), labels: labels)
    }

    /// Timing `name`'s `quantile`, for example 0.99 for p99.
    public static func timingQuantile(_ name: String, _ quantile: Double, labels: [String: String] = [:]) -> AlertQuery {
        AlertQuery(.timingQuantile(name: name, quantile: quantile), labels: labels)
    }

    public var description: String {
        let suffix = labels.isEmpty ? "" : "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
        switch kind {
        case .cpuPercent: return "cpu%"
        case .memoryPercent: return "memory%"
        case .counterRate(let name, let per): return "rate(\(name)\(suffix)) per \(per)"
        case .gauge(let name): return name + suffix
        case .timingQuantile(let name, let quantile): return "p\(Self.percentile(quantile))(\(name)\(suffix))"
        }
    }

    static func percentile(_ quantile: Double) -> String {
        let value = quantile * 100
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// Where an ``AlertManager`` reads the current values its rules compare.
///
/// For ``AlertQuery/Kind/counterRate(name:per:)`` the source returns the counter's running total;
/// the manager turns totals into a rate over the rule's window. Return `nil` when the series does
/// not exist (yet): the rule then stays inactive.
public protocol AlertMetricsSource: Sendable {
    /// Called once at the start of each evaluation, before the rules' reads, so a source can take
    /// one snapshot for all of them. The default does nothing.
    func prepare()
    func read(_ query: AlertQuery) -> Double?
}

extension AlertMetricsSource {
    public func prepare() {}
}
