import Logging

/// Where an ``AlertManager`` sends notifications.
public protocol AlertSink: Sendable {
    /// Delivers `notification`; a sink handles its own failures (logging them) and never throws.
    func send(_ notification: AlertNotification) async
}

/// Logs each notification through swift-log: firing at `error` (or the `severity` label's level),
/// resolved at `notice`.
public struct LogAlertSink: AlertSink {
    public let logger: Logger

    public init(logger: Logger = Logger(label: "sonora.alerts")) {
        self.logger = logger
    }

    public func send(_ notification: AlertNotification) async {
        var metadata: Logger.Metadata = ["alert": "\(notification.rule)", "state": "\(notification.state.rawValue)"]
        for (key, value) in notification.labels { metadata[key] = "\(value)" }
        if let value = notification.value { metadata["value"] = "\(value)" }
        let level: Logger.Level = notification.state == .resolved ? .notice
            : notification.labels["severity"] == "warning" ? .warning : .error
        logger.log(level: level, "\(notification.summary)", metadata: metadata)
    }
}

/// Calls a closure with each notification.
public struct ClosureAlertSink: AlertSink {
    private let body: @Sendable (AlertNotification) async -> Void

    public init(_ body: @escaping @Sendable (AlertNotification) async -> Void) {
        self.body = body
    }

    public func send(_ notification: AlertNotification) async {
        await body(notification)
    }
}
