import Foundation
import NIOCore
import Synchronization

/// The state shared by the node and its connection handlers: routes, password, latency and failure mode.
final class FakeLavalinkCore: Sendable {
    enum Decision: Sendable {
        case close
        case respond(FakeLavalinkResponse, delay: Duration)
    }

    struct State {
        var failureMode: FailureMode = .healthy
        var latency: Duration
        var requestCount = 0
        var failuresLeft: Int?
    }

    let routes: FakeLavalinkRoutes
    let password: String
    let state: Mutex<State>
    let connections = Mutex<[ObjectIdentifier: any Channel]>([:])

    init(routes: FakeLavalinkRoutes, password: String, latency: Duration) {
        self.routes = routes
        self.password = password
        self.state = Mutex(State(latency: latency))
    }

    func setFailureMode(_ mode: FailureMode) {
        state.withLock { state in
            state.failureMode = mode
            if case .serverError(_, let times) = mode.kind { state.failuresLeft = times } else { state.failuresLeft = nil }
        }
    }

    /// Decides what to do with one request, applying the failure mode.
    func decide(method: String, uri: String, authorization: String?) -> Decision {
        let (mode, latency, failNow) = state.withLock { state -> (FailureMode, Duration, Bool) in
            state.requestCount += 1
            var failNow = false
            if case .serverError = state.failureMode.kind {
                if let left = state.failuresLeft {
                    if left > 0 { state.failuresLeft = left - 1; failNow = true } else { state.failureMode = .healthy }
                } else {
                    failNow = true
                }
            }
            return (state.failureMode, state.latency, failNow)
        }
        var delay = latency
        switch mode.kind {
        case .down:
            return .close
        case .slow(let extra):
            delay += extra
        case .unauthorized:
            return .respond(.error(401, "Unauthorized", path: uri, message: "Authorization refused"), delay: delay)
        case .serverError(let status, _) where failNow:
            return .respond(.error(status, "Internal Server Error", path: uri, message: "simulated failure"), delay: delay)
        case .garbage where uri.hasPrefix("/v4/loadtracks") || uri.hasPrefix("/v4/stats"):
            return .respond(FakeLavalinkResponse(status: 200, contentType: "application/json", body: "<html>502 Bad Gateway</html>{\"loadType\":"), delay: delay)
        default:
            break
        }
        return .respond(routes.respond(method: method, uri: uri, authorization: authorization, password: password), delay: delay)
    }

    func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        connections.withLock { $0[id] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.connections.withLock { _ = $0.removeValue(forKey: id) }
        }
    }
}
