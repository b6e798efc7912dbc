/// How `compare` judges changes.
public struct ComparisonOptions: Sendable, Codable {
    /// The relative change a metric must exceed to count, for example 0.05.
    public var threshold: Double
    /// Per-metric thresholds, overriding `threshold`.
    public var metricThresholds: [String: Double]
    /// Per-benchmark thresholds, overriding both.
    public var benchmarkThresholds: [String: Double]
    /// The metrics compared.
    public var metrics: [Metric]
    /// Family-wise significance level after Holm's correction.
    public var alpha: Double
    /// Compare reports from different machines, with a warning.
    public var allowDifferentMachines: Bool

    public init(
        threshold: Double = 0.05, metricThresholds: [String: Double] = [:], benchmarkThresholds: [String: Double] = [:],
        metrics: [Metric] = Metric.compareDefaults, alpha: Double = 0.05, allowDifferentMachines: Bool = false
    ) {
        self.threshold = threshold
        self.metricThresholds = metricThresholds
        self.benchmarkThresholds = benchmarkThresholds
        self.metrics = metrics
        self.alpha = alpha
        self.allowDifferentMachines = allowDifferentMachines
    }

    /// The threshold for one benchmark and metric.
    public func threshold(for benchmark: String, metric: Metric) -> Double {
        benchmarkThresholds[benchmark] ?? metricThresholds[metric.rawValue] ?? threshold
    }

    /// Parses a percentage such as `5%`, `5` or `0.5%` into a fraction.
    ///
    /// - Throws: ``BenchError`` `.invalidArgument` naming the text.
    public static func parsePercentage(_ text: String) throws -> Double {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        if digits.hasSuffix("%") { digits = digits.dropLast() }
        guard let value = Double(digits), value >= 0, value < 1_000 else {
            throw BenchError(.invalidArgument, "'\(text)' is not a percentage such as 5%")
        }
        return value / 100
    }

    /// Parses `NAME=PCT`.
    ///
    /// - Throws: ``BenchError`` `.invalidArgument` naming the text.
    public static func parseAssignment(_ text: String) throws -> (String, Double) {
        guard let equals = text.lastIndex(of: "="), equals != text.startIndex else {
            throw BenchError(.invalidArgument, "'\(text)' is not NAME=PERCENT, for example queue.shuffle.10k=10%")
        }
        return (String(text[..<equals]), try parsePercentage(String(text[text.index(after: equals)...])))
    }

    /// Parses metric names (`wall`, `cpu`, `allocs`, `bytes`, `instructions`, `ctxsw`, `throughput`
    /// or `all`), comma-separated or repeated.
    ///
    /// - Throws: ``BenchError`` `.invalidArgument` naming an unknown metric.
    public static func parseMetrics(_ values: [String]) throws -> [Metric] {
        var metrics: [Metric] = []
        for name in values.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if name == "all" {
                metrics += Metric.compareDefaults + [.contextSwitches]
                continue
            }
            let aliases = ["allocations": "allocs", "instr": "instructions", "time": "wall"]
            let metric = Metric(rawValue: aliases[name] ?? name)
            guard Metric.all.contains(metric) else {
                throw BenchError(
                    .invalidArgument,
                    "unknown metric '\(name)'; use one of \(Metric.all.map(\.rawValue).joined(separator: ", ")) or all")
            }
            metrics.append(metric)
        }
        var seen = Set<Metric>()
        return metrics.filter { seen.insert($0).inserted }
    }
}
