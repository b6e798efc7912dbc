/// One label of a sample: `name="value"`.
public struct MetricLabel: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The type a `# TYPE` line gives a family; `untyped` when there is none.
public enum MetricType: String, Sendable {
    case counter, gauge, histogram, summary, untyped
}

/// One sample line of a scrape: a series name, its labels (in the order written) and its value.
public struct MetricSample: Hashable, Sendable {
    /// The series name as written, with any `_bucket`, `_sum` or `_count` suffix.
    public var name: String
    public var labels: [MetricLabel]
    public var value: Double

    public init(name: String, labels: [MetricLabel] = [], value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }

    /// The value of the label called `name`, if present.
    public func label(_ name: String) -> String? {
        labels.first(where: { $0.name == name })?.value
    }

    /// The labels other than `excluded`, sorted by name: the identity of a series within its family.
    public func seriesLabels(excluding excluded: Set<String> = []) -> [MetricLabel] {
        labels.filter { !excluded.contains($0.name) }.sorted { $0.name < $1.name }
    }
}

/// A metric family: the samples that share a `# TYPE` (and `# HELP`), in the order they were written.
public struct MetricFamily: Sendable {
    public var name: String
    public var type: MetricType
    public var help: String?
    public var samples: [MetricSample]

    public init(name: String, type: MetricType, help: String? = nil, samples: [MetricSample] = []) {
        self.name = name
        self.type = type
        self.help = help
        self.samples = samples
    }
}

/// Everything one scrape of a Prometheus endpoint returned, in family order.
public struct Scrape: Sendable {
    public var families: [MetricFamily]

    public init(families: [MetricFamily]) {
        self.families = families
    }

    /// The family called `name`, if the scrape has it.
    public func family(_ name: String) -> MetricFamily? {
        families.first(where: { $0.name == name })
    }

    /// The value of the first sample of the first of `names` that the scrape has, for single-series
    /// families such as `process_resident_memory_bytes`.
    public func firstValue(of names: String...) -> Double? {
        for name in names {
            if let value = family(name)?.samples.first(where: { $0.name == name })?.value { return value }
        }
        return nil
    }
}
