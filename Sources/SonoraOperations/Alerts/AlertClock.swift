import Foundation

/// The time an ``AlertManager`` evaluates at, and how it waits between evaluations; tests inject a
/// clock they advance by hand instead of sleeping.
public protocol AlertClock: Sendable {
    /// Seconds since the Unix epoch.
    func now() -> Double
    func sleep(for duration: Duration) async throws
}

/// The system's wall clock and `Task.sleep`.
public struct SystemAlertClock: AlertClock {
    public init() {}
    public func now() -> Double { Date().timeIntervalSince1970 }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
