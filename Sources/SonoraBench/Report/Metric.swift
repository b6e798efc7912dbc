/// A measured quantity of a benchmark, described by its data (as swift-prometheus's
/// `MetricDescriptor` is): its name, its unit, which direction is better and whether it is
/// counted exactly. Reports store only the name.
public struct Metric: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The name reports and `--metric` use.
    public var rawValue: String
    /// The unit shown next to values; empty for a metric this version does not know.
    public var unit: String
    /// Whether a larger value is better (throughput); otherwise smaller is better.
    public var higherIsBetter: Bool
    /// Counted exactly over a fixed operation count rather than timed, so compared without a
    /// statistical test.
    public var isDeterministic: Bool

    /// Describes a metric.
    public init(_ name: String, unit: String, higherIsBetter: Bool = false, exact: Bool = false) {
        self.rawValue = name
        self.unit = unit
        self.higherIsBetter = higherIsBetter
        self.isDeterministic = exact
    }

    /// The metric named `rawValue`: a known one with its description, or (from a report of a
    /// newer version) an unknown one with no unit, timed and lower-is-better.
    public init(rawValue: String) {
        self = Self.all.first { $0.rawValue == rawValue } ?? Metric(rawValue, unit: "")
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func == (lhs: Metric, rhs: Metric) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    public static func < (lhs: Metric, rhs: Metric) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }

    /// Wall-clock nanoseconds per operation.
    public static let wall = Metric("wall", unit: "ns/op")
    /// CPU nanoseconds per operation (thread or process CPU clock).
    public static let cpu = Metric("cpu", unit: "ns/op")
    /// Operations per second, from wall time.
    public static let throughput = Metric("throughput", unit: "op/s", higherIsBetter: true)
    /// Allocations per operation.
    public static let allocations = Metric("allocs", unit: "allocs/op", exact: true)
    /// Bytes allocated per operation.
    public static let allocatedBytes = Metric("bytes", unit: "B/op", exact: true)
    /// Context switches per batch.
    public static let contextSwitches = Metric("ctxsw", unit: "switches/batch")
    /// User-space instructions per operation.
    public static let instructions = Metric("instructions", unit: "instr/op", exact: true)

    /// Every metric a run records, in display order.
    public static let all: [Metric] = [.wall, .cpu, .throughput, .allocations, .allocatedBytes, .contextSwitches, .instructions]

    /// The metrics `compare` checks unless told otherwise.
    public static let compareDefaults: [Metric] = [.wall, .cpu, .allocations, .allocatedBytes, .instructions]
}
