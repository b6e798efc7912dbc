/// A condition to alert on, with Prometheus alerting's states: it is *pending* while the condition
/// holds for less than ``for``, then *firing*; it is re-announced every ``repeatInterval`` while
/// firing and announced *resolved* when it clears.
public struct AlertRule: Sendable, Hashable {
    public enum Comparison: String, Sendable, Hashable {
        case above = ">"
        case below = "<"
    }

    /// A unique name, such as `HighCPU`.
    public var name: String
    public var query: AlertQuery
    public var comparison: Comparison
    public var threshold: Double
    /// How long the condition must hold before the rule fires; zero fires at once.
    public var `for`: Duration
    /// The least time between two notifications of this rule (the seed's 300 s cooldown); a rule
    /// that flaps therefore sends at most one notification per interval, and a resolved notice
    /// waits for it as Prometheus Alertmanager's `group_interval` does.
    public var repeatInterval: Duration
    /// Labels copied into every notification, for example `severity`.
    public var labels: [String: String]
    /// A sentence for people, shown in notifications.
    public var summary: String?

    public init(
        name: String, query: AlertQuery, _ comparison: Comparison, _ threshold: Double, for duration: Duration = .zero,
        repeatInterval: Duration = .seconds(300), labels: [String: String] = [:], summary: String? = nil
    ) {
        self.name = name
        self.query = query
        self.comparison = comparison
        self.threshold = threshold
        self.for = duration
        self.repeatInterval = repeatInterval
        self.labels = labels
        self.summary = summary
    }

    /// Whether `value` meets the condition.
    func holds(_ value: Double) -> Bool {
        switch comparison {
        case .above: value > threshold
        case .below: value < threshold
        }
    }

    /// The seed's four default rules: CPU above 80%, memory above 85%, more than 5 errors a minute
    /// on `errorCounter`, and a p99 of `responseTiming` above 5 s.
    public static func defaults(errorCounter: String = "errors", responseTiming: String = "response_time") -> [AlertRule] {
        [
            AlertRule(name: "HighCPU", query: .cpuPercent, .above, 80, for: .seconds(60), labels: ["severity": "warning"],
                      summary: "Process CPU is above 80% of one core"),
            AlertRule(name: "HighMemory", query: .memoryPercent, .above, 85, for: .seconds(60), labels: ["severity": "critical"],
                      summary: "Resident memory is above 85% of the machine's memory"),
            AlertRule(name: "HighErrorRate", query: .counterRate(errorCounter), .above, 5, labels: ["severity": "critical"],
                      summary: "More than 5 errors per minute"),
            AlertRule(name: "SlowResponses", query: .timingQuantile(responseTiming, 0.99), .above, 5, for: .seconds(60),
                      labels: ["severity": "warning"], summary: "p99 response time is above 5 s"),
        ]
    }
}

/// One message an ``AlertManager`` sends to its sinks.
public struct AlertNotification: Sendable, Hashable {
    public enum State: String, Sendable {
        case firing
        case resolved
    }

    public var rule: String
    public var state: State
    /// A one-line description: what was measured against what.
    public var summary: String
    /// The value that made the rule fire or resolve, when there is one.
    public var value: Double?
    public var labels: [String: String]
    /// Seconds since the Unix epoch when the alert started (for firing) or ended (for resolved).
    public var since: Double
    /// Seconds since the Unix epoch when the notification was made.
    public var at: Double

    public init(rule: String, state: State, summary: String, value: Double?, labels: [String: String], since: Double, at: Double) {
        self.rule = rule
        self.state = state
        self.summary = summary
        self.value = value
        self.labels = labels
        self.since = since
        self.at = at
    }
}
