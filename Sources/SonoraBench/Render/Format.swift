import Foundation

/// Number formatting shared by the renderers.
enum Format {
    /// Nanoseconds with a readable unit: `850 ns`, `12.3 µs`, `4.56 ms`, `1.20 s`.
    static func nanos(_ value: Double) -> String {
        switch abs(value) {
        case ..<1_000: String(format: "%.1f ns", value)
        case ..<1_000_000: String(format: "%.2f µs", value / 1_000)
        case ..<1_000_000_000: String(format: "%.2f ms", value / 1_000_000)
        default: String(format: "%.2f s", value / 1_000_000_000)
        }
    }

    /// A metric's value with its unit.
    static func value(_ value: Double, metric: Metric) -> String {
        switch metric {
        case .wall, .cpu: nanos(value)
        case .throughput: compact(value) + " op/s"
        case .allocatedBytes: compact(value) + " B"
        default: compact(value)
        }
    }

    /// `1.23k`, `4.56M`, or the plain number below 1,000 (no decimals for integers).
    static func compact(_ value: Double) -> String {
        switch abs(value) {
        case ..<1_000: value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.2f", value)
        case ..<1_000_000: String(format: "%.2fk", value / 1_000)
        case ..<1_000_000_000: String(format: "%.2fM", value / 1_000_000)
        default: String(format: "%.2fG", value / 1_000_000_000)
        }
    }

    /// A signed percentage: `+12.3%`, `-0.4%`.
    static func change(_ ratio: Double) -> String {
        String(format: "%+.1f%%", (ratio - 1) * 100)
    }
}
