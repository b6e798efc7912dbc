import Synchronization

/// The kind of a metric family.
public struct MetricKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let counter = MetricKind(rawValue: "counter")
    public static let gauge = MetricKind(rawValue: "gauge")
    /// Durations: exposed as a Prometheus histogram in seconds, summarized with quantiles.
    public static let timing = MetricKind(rawValue: "timing")
}

/// Every metric family and series of one monitor, found by name and labels.
///
/// Families are keyed by their *exposed* name (sanitized, `sonora_`-prefixed, with `_total` or
/// `_duration_seconds`), so two names that would collide in the exposition are caught here, with
/// an error, instead of crashing or exposing duplicates. The lock is held only to find or create a
/// series; updating one goes through the series' own atomics or lock.
public final class MetricRegistry: Sendable {
    /// One family: its exposed name, kind, HELP text and series.
    final class Family: Sendable {
        let name: String
        let rawName: String
        let kind: MetricKind
        let help: String
        let series = Mutex<[MetricLabels: AnySeries]>([:])

        init(name: String, rawName: String, kind: MetricKind, help: String) {
            self.name = name
            self.rawName = rawName
            self.kind = kind
            self.help = help
        }
    }

    private struct LookupKey: Hashable {
        var name: String
        var kind: MetricKind
    }

    private struct State {
        var lookup: [LookupKey: Family] = [:]
        var families: [String: Family] = [:]
        /// Every name a family puts in the exposition (a histogram's `_bucket`, `_sum` and `_count`
        /// too), mapped to the family that owns it.
        var exposedNames: [String: String] = [:]
    }

    private let state = Mutex(State())
    /// Bucket bounds of every timing, in seconds.
    public let timingBuckets: [Double]

    /// The default timing buckets, in seconds: 1 ms to 10 s, for Lavalink loads and commands.
    public static let defaultTimingBuckets: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// Makes an empty registry.
    /// - Parameter timingBuckets: Upper bounds of the Prometheus buckets for timings, in seconds.
    public init(timingBuckets: [Double] = MetricRegistry.defaultTimingBuckets) {
        self.timingBuckets = timingBuckets.filter { $0.isFinite }.sorted()
    }

    /// The exposed name of a family of `kind` made from `rawName`.
    /// - Throws: ``MonitorError`` `.invalidName` for an empty name.
    public static func exposedName(_ rawName: String, kind: MetricKind) throws -> String {
        let base = try MetricName.exposed(rawName)
        switch kind {
        case .counter: return base.hasSuffix("_total") ? base : base + "_total"
        case .timing: return base.hasSuffix("_seconds") ? base : base + "_duration_seconds"
        default: return base
        }
    }

    /// The counter series `name` with `labels`, created on first use.
    /// - Throws: ``MonitorError`` `.conflictingRegistration` when the exposed name belongs to another
    ///   kind, `.invalidName` for an empty or reserved name.
    /// - Complexity: O(1) expected after the first call, under the registry's lock.
    public func counter(_ name: String, labels: MetricLabels = .none, help: String? = nil) throws -> CounterSeries {
        try series(name, .counter, labels, help, make: { .counter(CounterSeries(labels: $0)) }) {
            if case .counter(let series) = $0 { series } else { nil }
        }
    }

    /// The gauge series `name` with `labels`, created on first use.
    /// - Throws: See ``counter(_:labels:help:)``.
    public func gauge(_ name: String, labels: MetricLabels = .none, help: String? = nil) throws -> GaugeSeries {
        try series(name, .gauge, labels, help, make: { .gauge(GaugeSeries(labels: $0)) }) {
            if case .gauge(let series) = $0 { series } else { nil }
        }
    }

    /// The timing series `name` with `labels`, created on first use.
    /// - Throws: See ``counter(_:labels:help:)``.
    public func timing(_ name: String, labels: MetricLabels = .none, help: String? = nil) throws -> TimingSeries {
        let bounds = timingBuckets
        return try series(name, .timing, labels, help, make: { .timing(TimingSeries(labels: $0, bucketBounds: bounds)) }) {
            if case .timing(let series) = $0 { series } else { nil }
        }
    }

    /// The counter series `name` with `labels` if it exists; never creates one.
    /// - Complexity: O(1) expected: two hash lookups under the registry's and the family's locks.
    public func existingCounter(_ name: String, labels: MetricLabels = .none) -> CounterSeries? {
        if case .counter(let series) = existing(name, .counter, labels) { series } else { nil }
    }

    /// The gauge series `name` with `labels` if it exists; never creates one.
    public func existingGauge(_ name: String, labels: MetricLabels = .none) -> GaugeSeries? {
        if case .gauge(let series) = existing(name, .gauge, labels) { series } else { nil }
    }

    /// The timing series `name` with `labels` if it exists; never creates one.
    public func existingTiming(_ name: String, labels: MetricLabels = .none) -> TimingSeries? {
        if case .timing(let series) = existing(name, .timing, labels) { series } else { nil }
    }

    /// A series found by the name and labels it was made with, or by its sanitized labels.
    private func existing(_ name: String, _ kind: MetricKind, _ labels: MetricLabels) -> AnySeries? {
        guard let family = state.withLock({ $0.lookup[LookupKey(name: name, kind: kind)] }) else { return nil }
        if let found = family.series.withLock({ $0[labels] }) { return found }
        guard !labels.isEmpty, let clean = try? labels.sanitized(), clean != labels else { return nil }
        return family.series.withLock { $0[clean] }
    }

    private func series<Series>(
        _ name: String, _ kind: MetricKind, _ labels: MetricLabels, _ help: String?,
        make: (MetricLabels) -> AnySeries, extract: (AnySeries) -> Series?
    ) throws -> Series {
        let family = try family(name, kind, help)
        if let existing = family.series.withLock({ $0[labels] }).flatMap(extract) { return existing }
        let clean = labels.isEmpty ? labels : try labels.sanitized()
        let found = family.series.withLock { series in
            if let existing = series[clean] {
                series[labels] = existing
                return existing
            }
            let made = make(clean)
            series[clean] = made
            if clean != labels { series[labels] = made }
            return made
        }
        // The family's kind matches, so the series does too.
        return extract(found)!
    }

    private func family(_ name: String, _ kind: MetricKind, _ help: String?) throws -> Family {
        let key = LookupKey(name: name, kind: kind)
        if let family = state.withLock({ $0.lookup[key] }) { return family }
        let exposed = try Self.exposedName(name, kind: kind)
        let derived = kind == .timing ? [exposed + "_bucket", exposed + "_sum", exposed + "_count"] : [exposed]
        return try state.withLock { state in
            if let family = state.families[exposed] {
                guard family.kind == kind else {
                    throw MonitorError(
                        .conflictingRegistration,
                        "\"\(name)\" would be exposed as \(exposed), which is already a \(family.kind) made from \"\(family.rawName)\"")
                }
                state.lookup[key] = family
                return family
            }
            for derivedName in derived {
                if let owner = state.exposedNames[derivedName] {
                    throw MonitorError(
                        .conflictingRegistration,
                        "\"\(name)\" as a \(kind) would expose \(derivedName), which \(owner) already exposes")
                }
            }
            let family = Family(
                name: exposed, rawName: name, kind: kind,
                help: help ?? "\(kind == .timing ? "Duration" : kind == .counter ? "Count" : "Value") of \(name), recorded by Sonora's PerformanceMonitor.")
            state.families[exposed] = family
            state.lookup[key] = family
            for derivedName in derived { state.exposedNames[derivedName] = exposed }
            return family
        }
    }

    /// The families sorted by exposed name, each with its series sorted by labels.
    func sortedFamilies() -> [(family: Family, series: [AnySeries])] {
        let families = state.withLock { Array($0.families.values) }.sorted { $0.name < $1.name }
        return families.map { family in
            let series = family.series.withLock { Array($0.values) }
            // Aliases of unsanitized labels point at the same object; keep each once. The rendered
            // label text orders series by label names, then values, and compares as one string.
            var seen = Set<ObjectIdentifier>()
            let unique = series.filter { seen.insert($0.identity).inserted }
            return (family, unique.sorted { $0.renderedLabels < $1.renderedLabels })
        }
    }

    /// Sets every counter, gauge and timing back to zero; families and handles stay valid.
    public func reset() {
        for (_, series) in sortedFamilies() {
            for item in series {
                switch item {
                case .counter(let counter): counter.reset()
                case .gauge(let gauge): gauge.reset()
                case .timing(let timing): timing.reset()
                }
            }
        }
    }
}

/// One series of any kind, as a family stores it.
enum AnySeries: Sendable {
    case counter(CounterSeries)
    case gauge(GaugeSeries)
    case timing(TimingSeries)

    var labels: MetricLabels {
        switch self {
        case .counter(let series): series.labels
        case .gauge(let series): series.labels
        case .timing(let series): series.labels
        }
    }

    var renderedLabels: String {
        switch self {
        case .counter(let series): series.renderedLabels
        case .gauge(let series): series.renderedLabels
        case .timing(let series): series.renderedLabels
        }
    }

    var identity: ObjectIdentifier {
        switch self {
        case .counter(let series): ObjectIdentifier(series)
        case .gauge(let series): ObjectIdentifier(series)
        case .timing(let series): ObjectIdentifier(series)
        }
    }
}
