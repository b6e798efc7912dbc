import Foundation
import Logging
import Synchronization
import Testing
@testable import SonoraMonitor

@Suite struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    func logger(_ lines: Lines, provider: Logger.MetadataProvider? = nil) -> Logger {
        var handler = JSONLogHandler(label: "bot", metadataProvider: provider, write: { lines.append($0) })
        handler.logLevel = .debug
        handler[metadataKey: "shard"] = "3"
        return Logger(label: "bot", factory: { _ in handler })
    }

    func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func eachLineIsOneJSONObjectWithEveryField() throws {
        let lines = Lines()
        let provider = Logger.MetadataProvider { ["request": "r-1"] }
        logger(lines, provider: provider).info("track loaded", metadata: ["guild": "42", "shard": "4"])
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let json = try object(line)
        #expect(json["level"] as? String == "info")
        #expect(json["label"] as? String == "bot")
        #expect(json["message"] as? String == "track loaded")
        #expect(json["source"] as? String == "SonoraMonitorTests")
        #expect((json["file"] as? String)?.hasSuffix("JSONLogHandlerTests.swift") == true)
        #expect((json["function"] as? String)?.hasPrefix("eachLineIsOneJSONObjectWithEveryField") == true)
        #expect((json["line"] as? Int ?? 0) > 0)
        let timestamp = try #require(json["timestamp"] as? String)
        #expect(ISO8601DateFormatter().date(from: timestamp.replacingOccurrences(of: #"\.\d{3}"#, with: "", options: .regularExpression)) != nil)
        let metadata = try #require(json["metadata"] as? [String: Any])
        #expect(metadata["guild"] as? String == "42")
        #expect(metadata["shard"] as? String == "4")
        #expect(metadata["request"] as? String == "r-1")
    }

    @Test func secretsAreRedactedAtAnyDepth() throws {
        let lines = Lines()
        logger(lines).warning(
            "node", metadata: ["password": "youshallnotpass", "node": ["Authorization": "youshallnotpass", "host": "a"], "Token": "t0k"])
        let line = try #require(lines.all.first)
        #expect(!line.contains("youshallnotpass"))
        #expect(!line.contains("t0k"))
        let metadata = try #require(try object(line)["metadata"] as? [String: Any])
        #expect(metadata["password"] as? String == "[REDACTED]")
        #expect((metadata["node"] as? [String: Any])?["host"] as? String == "a")
    }

    @Test func newlinesQuotesAndControlCharactersAreEscaped() throws {
        let lines = Lines()
        let nasty = "line1\nline2 \"quoted\" back\\slash \u{01}bell\u{07}\ttab"
        logger(lines).error("\(nasty)", metadata: ["value": "\(nasty)"])
        let line = try #require(lines.all.first)
        #expect(line.filter { $0 == "\n" }.count == 1)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let json = try object(line)
        #expect(json["message"] as? String == nasty)
        #expect((json["metadata"] as? [String: Any])?["value"] as? String == nasty)
    }
}
