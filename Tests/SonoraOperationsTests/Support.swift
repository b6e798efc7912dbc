import Foundation
import Logging
import SonoraTestSupport
import Synchronization

/// A swift-log handler that keeps every line, with its metadata, for assertions.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        var text: String { all.joined(separator: "\n") }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        store.lines.withLock { $0.append("\(event.level) \(event.message) \(rendered)") }
    }

    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "test") { _ in CapturingLogHandler(store: store) }, store)
    }
}

/// The websocket messages of the one Lavalink fixture tree (`Sources/SonoraFakeLavalink/Fixtures/websocket`).
enum OperationsFixtures {
    static func data(_ name: String) throws -> Data {
        try FixtureFolder.lavalink.data("websocket/\(name)")
    }
}
