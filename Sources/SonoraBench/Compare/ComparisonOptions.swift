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
    /// Whether an inconclusive row fails the gate (exit 1), for strict CI.
    public var failOnInconclusive: Bool
    /// Absolute differences of exact metrics below which nothing changed, by metric name.
    public var floors: [String: Double]

    /// The default floors: half an allocation, 64 bytes and 500 instructions per operation.
    public static let defaultFloors: [String: Double] = [
        Metric.allocations.rawValue: 0.5, Metric.allocatedBytes.rawValue: 64, Metric.instructions.rawValue: 500,
    ]

    public init(
        threshold: Double = 0.05, metricThresholds: [String: Double] = [:], benchmarkThresholds: [String: Double] = [:],
        metrics: [Metric] = Metric.compareDefaults, alpha: Double = 0.05, allowDifferentMachines: Bool = false,
        failOnInconclusive: Bool = false, floors: [String: Double] = ComparisonOptions.defaultFloors
    ) {
        self.failOnInconclusive = failOnInconclusive
        self.floors = floors
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

    /// The floor for an exact metric.
    public func floor(for metric: Metric) -> Double? {
        floors[metric.rawValue]
    }

    /// Every threshold and floor in force, for the comparison's header: `5%; cpu 3%; queue.shuffle.10k 10%`.
    public var thresholdSummary: String {
        func percent(_ value: Double) -> String { String(format: "%g%%", value * 100) }
        var parts = [percent(threshold)]
        parts += metricThresholds.sorted { $0.key < $1.key }.map { "\($0.key) \(percent($0.value))" }
        parts += benchmarkThresholds.sorted { $0.key < $1.key }.map { "\($0.key) \(percent($0.value))" }
        let floorText = metrics.compactMap { metric in floor(for: metric).map { "\(metric) \(String(format: "%g", $0))" } }
        return "threshold " + parts.joined(separator: "; ") + (floorText.isEmpty ? "" : "; floors " + floorText.joined(separator: ", "))
    }

    /// Parses a percentage such as `5%` or `0.5%` into a fraction. The `%` is required: a bare
    /// `5` or `0.05` is refused rather than guessed.
    ///
    /// - Throws: ``BenchError`` `.invalidArgument` naming the text.
    public static func parsePercentage(_ text: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("%") else {
            let hint = Double(trimmed).map { $0 < 1 ? "; for \(String(format: "%g", $0 * 100))% write \(String(format: "%g", $0 * 100))%" : "; write \(trimmed)%" } ?? ""
            throw BenchError(.invalidArgument, "threshold '\(text)' needs a % sign, for example 5%\(hint)")
        }
        guard let value = Double(trimmed.dropLast()), value >= 0, value < 1_000 else {
            throw BenchError(.invalidArgument, "threshold '\(text)' is not a percentage such as 5%")
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
    /// - Throws: ``BenchError`` `.invalidArgument` naming an unknown metric, or for an empty list.
    public static func parseMetrics(_ values: [String]) throws -> [Metric] {
        var metrics: [Metric] = []
        let names = values.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) }).filter { !$0.isEmpty }
        guard !names.isEmpty else {
            throw BenchError(.invalidArgument, "--metric names no metric; use one of \(Metric.all.map(\.rawValue).joined(separator: ", ")) or all")
        }
        for name in names {
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

extension ComparisonOptions {
    /// Builds options from command-line values, refusing anything malformed.
    ///
    /// - Parameters:
    ///   - thresholds: `PCT` for every metric or `METRIC=PCT` for one.
    ///   - thresholdsFor: `NAME=PCT` per benchmark (checked against the reports by ``Comparison``).
    ///   - metrics: Metric names; an explicitly empty list is refused. `[]` keeps the defaults.
    ///   - floors: `METRIC=VALUE` for exact metrics.
    /// - Throws: ``BenchError`` `.invalidArgument` naming the bad value.
    public static func parse(
        thresholds: [String], thresholdsFor: [String], metrics: [String], floors: [String] = [],
        allowDifferentMachines: Bool = false, failOnInconclusive: Bool = false
    ) throws -> ComparisonOptions {
        var options = ComparisonOptions(allowDifferentMachines: allowDifferentMachines, failOnInconclusive: failOnInconclusive)
        for value in thresholds {
            if value.contains("=") {
                let (name, fraction) = try parseAssignment(value)
                options.metricThresholds[try parseMetrics([name])[0].rawValue] = fraction
            } else {
                options.threshold = try parsePercentage(value)
            }
        }
        for value in thresholdsFor {
            let (name, fraction) = try parseAssignment(value)
            options.benchmarkThresholds[name] = fraction
        }
        if !metrics.isEmpty { options.metrics = try parseMetrics(metrics) }
        for value in floors {
            guard let equals = value.lastIndex(of: "="), let number = Double(value[value.index(after: equals)...]), number >= 0,
                number.isFinite
            else {
                throw BenchError(.invalidArgument, "--floor '\(value)' is not METRIC=VALUE, for example allocs=1")
            }
            let metric = try parseMetrics([String(value[..<equals])])[0]
            guard metric.isDeterministic else {
                throw BenchError(.invalidArgument, "--floor '\(value)': floors apply to exact metrics (allocs, bytes, instructions), not \(metric)")
            }
            options.floors[metric.rawValue] = number
        }
        return options
    }
}
