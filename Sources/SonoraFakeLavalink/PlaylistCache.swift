import Synchronization

/// Generated playlist bodies by size, so a benchmark's repeated loads do not re-encode JSON.
final class PlaylistCache: Sendable {
    private let bodies = Mutex<[Int: String]>([:])

    func body(count: Int, make: () -> String) -> String {
        if let body = bodies.withLock({ $0[count] }) { return body }
        let body = make()
        bodies.withLock { $0[count] = body }
        return body
    }
}
