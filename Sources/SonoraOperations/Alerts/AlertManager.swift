import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Evaluates ``AlertRule``s against an ``AlertMetricsSource`` and sends firing and resolved
/// notifications to its sinks, following Prometheus alerting's states (inactive → pending →
/// firing → resolved).
///
/// Runs as a swift-service-lifecycle `Service`, evaluating every `interval` on its ``AlertClock``;
/// or call ``evaluate()`` yourself.
public final class AlertManager: Service, Sendable {
    public let rules: [AlertRule]
    public let interval: Duration
    private let source: any AlertMetricsSource
    private let sinks: [any AlertSink]
    private let clock: any AlertClock
    private let logger: Logger
    private let states: Mutex<[String: RuleState]>

    /// The state of one rule between evaluations.
    struct RuleState: Sendable {
        enum Phase: Equatable, Sendable {
            case inactive
            case pending(since: Double)
            case firing(since: Double)
        }

        var phase = Phase.inactive
        /// `(time, counter total)` readings within the rule's rate window.
        var readings: [(time: Double, value: Double)] = []
        var lastNotice: (time: Double, state: AlertNotification.State)?
        var lastValue: Double?
    }

    /// Creates a manager.
    /// - Parameters:
    ///   - rules: The rules; names must be unique.
    ///   - source: Where values are read.
    ///   - sinks: Where notifications go, each in turn.
    ///   - interval: Time between evaluations when run as a service.
    ///   - clock: The wall clock; inject one in tests.
    ///   - logger: Where evaluation problems are logged.
    /// - Throws: ``OperationsError`` `.badConfiguration` naming the rule for a duplicate name, a
    ///   non-finite threshold, a negative `for`, a non-positive repeat interval or rate window, or a
    ///   quantile outside 0…1; or for a non-positive `interval`.
    public init(
        rules: [AlertRule], source: any AlertMetricsSource, sinks: [any AlertSink], interval: Duration = .seconds(15),
        clock: any AlertClock = SystemAlertClock(), logger: Logger = Logger(label: "sonora.alerts")
    ) throws {
        guard interval > .zero else { throw OperationsError(.badConfiguration, "alert evaluation interval \(interval) must be positive") }
        var names = Set<String>()
        for rule in rules {
            guard names.insert(rule.name).inserted else { throw OperationsError(.badConfiguration, "two alert rules are named \(rule.name)") }
            guard rule.threshold.isFinite else { throw OperationsError(.badConfiguration, "alert rule \(rule.name): threshold \(rule.threshold) is not a finite number") }
            guard rule.for >= .zero else { throw OperationsError(.badConfiguration, "alert rule \(rule.name): for \(rule.for) is negative") }
            guard rule.repeatInterval > .zero else { throw OperationsError(.badConfiguration, "alert rule \(rule.name): repeat interval \(rule.repeatInterval) must be positive") }
            switch rule.query.kind {
            case .counterRate(_, let per) where per <= .zero:
                throw OperationsError(.badConfiguration, "alert rule \(rule.name): rate window \(per) must be positive")
            case .timingQuantile(_, let quantile) where !(0...1).contains(quantile):
                throw OperationsError(.badConfiguration, "alert rule \(rule.name): quantile \(quantile) is outside 0…1")
            default: break
            }
        }
        self.rules = rules
        self.source = source
        self.sinks = sinks
        self.interval = interval
        self.clock = clock
        self.logger = logger
        states = Mutex(Dictionary(uniqueKeysWithValues: rules.map { ($0.name, RuleState()) }))
    }

    /// Evaluates until graceful shutdown.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await evaluate()
            try? await clock.sleep(for: interval)
        }
    }

    /// Evaluates every rule once, at the clock's current time, and sends what is due.
    /// - Returns: The notifications sent.
    /// - Complexity: O(rules), plus one read of the source per rule.
    @discardableResult
    public func evaluate() async -> [AlertNotification] {
        let now = clock.now()
        source.prepare()
        var due: [AlertNotification] = []
        for rule in rules {
            let reading = source.read(rule.query)
            let notification = states.withLock { states in
                Self.step(rule, reading: reading, now: now, state: &states[rule.name, default: RuleState()])
            }
            if let notification { due.append(notification) }
        }
        for notification in due { await notify(notification) }
        return due
    }

    /// Sends `notification` to every sink, for alerts raised outside the rules (such as a Lavalink
    /// node going down).
    public func notify(_ notification: AlertNotification) async {
        for sink in sinks { await sink.send(notification) }
    }

    /// The rules that are firing now.
    public var firing: [String] {
        states.withLock { states in
            rules.map(\.name).filter { if case .firing = states[$0]?.phase { true } else { false } }
        }
    }

    /// Advances one rule's state for a reading at `now`, returning the notification due, if any.
    static func step(_ rule: AlertRule, reading: Double?, now: Double, state: inout RuleState) -> AlertNotification? {
        var value = reading
        if case .counterRate(_, let per) = rule.query.kind {
            value = rate(rule, reading: reading, now: now, per: per.seconds, readings: &state.readings)
        }
        state.lastValue = value
        let holds = value.map { $0.isFinite && rule.holds($0) } ?? false
        switch (state.phase, holds) {
        case (.inactive, true):
            state.phase = rule.for == .zero ? .firing(since: now) : .pending(since: now)
        case (.pending(let since), true) where now - since >= rule.for.seconds:
            state.phase = .firing(since: since)
        case (.pending, false), (.firing, false):
            state.phase = .inactive
        default:
            break
        }
        let quiet = state.lastNotice.map { now - $0.time < rule.repeatInterval.seconds } ?? false
        if case .firing(let since) = state.phase, !quiet {
            state.lastNotice = (now, .firing)
            return notification(rule, .firing, value: value, since: since, now: now)
        }
        if !isFiring(state.phase), state.lastNotice?.state == .firing, !quiet {
            state.lastNotice = (now, .resolved)
            return notification(rule, .resolved, value: value, since: now, now: now)
        }
        return nil
    }

    static func isFiring(_ phase: RuleState.Phase) -> Bool {
        if case .firing = phase { return true }
        return false
    }

    /// The increase per `per` seconds over the readings within the last `per` seconds; a counter that
    /// went down was reset and counts from zero.
    static func rate(_ rule: AlertRule, reading: Double?, now: Double, per: Double, readings: inout [(time: Double, value: Double)]) -> Double? {
        guard let reading else { return nil }
        readings.append((now, reading))
        readings.removeAll { now - $0.time > per }
        guard let first = readings.first, now > first.time else { return nil }
        var increase = 0.0
        for (previous, next) in zip(readings, readings.dropFirst()) {
            increase += next.value >= previous.value ? next.value - previous.value : next.value
        }
        return increase / (now - first.time) * per
    }

    static func notification(_ rule: AlertRule, _ state: AlertNotification.State, value: Double?, since: Double, now: Double) -> AlertNotification {
        let measured = value.map { "\(rule.query) is \(format($0))" } ?? "\(rule.query) has no value"
        let condition = "\(rule.comparison.rawValue) \(format(rule.threshold))"
        let summary = state == .firing
            ? "\(rule.summary ?? rule.name): \(measured) (\(condition))"
            : "\(rule.summary ?? rule.name): resolved, \(measured) (threshold \(condition))"
        return AlertNotification(rule: rule.name, state: state, summary: summary, value: value, labels: rule.labels, since: since, at: now)
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.3g", value)
    }
}
