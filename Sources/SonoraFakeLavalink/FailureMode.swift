/// How a ``FakeLavalinkNode`` misbehaves, an extensible set of named modes.
public struct FailureMode: Hashable, Sendable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case healthy
        case down
        case slow(Duration)
        case unauthorized
        case serverError(status: Int, times: Int?)
        case garbage
    }

    let kind: Kind

    /// Answer every request normally.
    public static let healthy = FailureMode(kind: .healthy)
    /// Accept connections and close them without answering (a crashed or restarting node).
    public static let down = FailureMode(kind: .down)
    /// Answer every request with 401, whatever the password.
    public static let unauthorized = FailureMode(kind: .unauthorized)
    /// Answer `/v4/loadtracks` and `/v4/stats` with 200 and a body that is not JSON.
    public static let garbage = FailureMode(kind: .garbage)

    /// Wait `delay` (on top of the node's latency) before each answer.
    /// - Parameter delay: The extra delay.
    public static func slow(_ delay: Duration) -> FailureMode { FailureMode(kind: .slow(delay)) }

    /// Answer every request with a 5xx status.
    /// - Parameter status: The status, 500 by default.
    public static func serverError(status: Int = 500) -> FailureMode {
        FailureMode(kind: .serverError(status: status, times: nil))
    }

    /// Answer the next `times` requests with a 5xx status, then become healthy.
    /// - Parameters:
    ///   - times: How many requests fail.
    ///   - status: The status, 503 by default.
    public static func serverError(times: Int, status: Int = 503) -> FailureMode {
        FailureMode(kind: .serverError(status: status, times: times))
    }

    public var description: String {
        switch kind {
        case .healthy: "healthy"
        case .down: "down"
        case .slow(let delay): "slow(\(delay))"
        case .unauthorized: "unauthorized"
        case .serverError(let status, let times): times.map { "serverError(\(status) x\($0))" } ?? "serverError(\(status))"
        case .garbage: "garbage"
        }
    }
}
