import Foundation

extension AlertNotification {
    /// The notification for a Lavalink node going down or recovering: rule `LavalinkNodeDown`,
    /// labelled with the node's name (never its password).
    public init(_ transition: NodeTransition, at time: Double = Date().timeIntervalSince1970) {
        let health = transition.health
        let down = transition.kind == .down
        let summary = down
            ? "Lavalink node \(health.node.name) (\(health.node.address)) is down after \(health.consecutiveFailures) failed checks: \(health.lastError ?? "no answer")"
            : "Lavalink node \(health.node.name) (\(health.node.address)) answers again"
        self.init(
            rule: "LavalinkNodeDown", state: down ? .firing : .resolved, summary: summary,
            value: Double(health.consecutiveFailures), labels: ["node": health.node.name, "severity": "critical"],
            since: time, at: time)
    }
}

extension AlertManager {
    /// Sends a Lavalink node's down or recovered notice to every sink; pass it as a
    /// ``HealthChecker``'s `onTransition`.
    public func notify(_ transition: NodeTransition) async {
        await notify(AlertNotification(transition))
    }
}
