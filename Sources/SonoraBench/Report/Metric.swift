/// A measured quantity of a benchmark; an extensible set.
public struct Metric: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: Metric, rhs: Metric) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Wall-clock nanoseconds per operation.
    public static let wall = Metric(rawValue: "wall")
    /// CPU nanoseconds per operation (thread or process CPU clock).
    public static let cpu = Metric(rawValue: "cpu")
    /// Operations per second, from wall time.
    public static let throughput = Metric(rawValue: "throughput")
    /// Allocations per operation.
    public static let allocations = Metric(rawValue: "allocs")
    /// Bytes allocated per operation.
    public static let allocatedBytes = Metric(rawValue: "bytes")
    /// Context switches per batch.
    public static let contextSwitches = Metric(rawValue: "ctxsw")
    /// User-space instructions per operation.
    public static let instructions = Metric(rawValue: "instructions")

    /// Every metric a run records, in display order.
    public static let all: [Metric] = [.wall, .cpu, .throughput, .allocations, .allocatedBytes, .contextSwitches, .instructions]

    /// The metrics `compare` checks unless told otherwise.
    public static let compareDefaults: [Metric] = [.wall, .cpu, .allocations, .allocatedBytes, .instructions]

    /// Counted exactly rather than timed, so compared without a statistical test.
    public var isDeterministic: Bool { self == .allocations || self == .allocatedBytes || self == .instructions }

    /// Whether a larger value is better (throughput); otherwise smaller is better.
    public var higherIsBetter: Bool { self == .throughput }

    /// The unit shown next to values.
    public var unit: String {
        switch self {
        case .wall, .cpu: "ns/op"
        case .throughput: "op/s"
        case .allocations: "allocs/op"
        case .allocatedBytes: "B/op"
        case .contextSwitches: "switches/batch"
        case .instructions: "instr/op"
        default: ""
        }
    }
}
