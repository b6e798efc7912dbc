#if canImport(Glibc)
import Glibc
#endif
import Logging
import SonoraCore
import Synchronization

/// A swift-log `LogHandler` that writes one JSON object per line.
///
/// Each line has `timestamp` (ISO 8601, UTC, milliseconds), `level`, `label`, `message`,
/// `source`, `file`, `function`, `line`, `error` when the event carries one, and `metadata`:
/// the handler's, then the metadata provider's, then the call's, later ones winning. Values under
/// the redacted keys (by default `password`, `authorization` and `token`, at any depth, compared
/// without case) are replaced by `"[REDACTED]"`, so a Lavalink node's password never reaches a log.
///
/// ```swift
/// LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
/// ```
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    public let label: String
    /// Keys whose values are replaced, lowercased.
    public let redactedKeys: Set<String>
    private let write: @Sendable (String) -> Void

    /// The keys redacted unless told otherwise.
    public static let defaultRedactedKeys: Set<String> = ["password", "authorization", "token"]

    /// - Parameters:
    ///   - label: The logger's label.
    ///   - redactedKeys: Metadata keys whose values never appear; compared without case.
    ///   - metadataProvider: Metadata added to every line, such as a request id.
    ///   - write: Receives each line, newline included; standard error by default.
    public init(
        label: String, redactedKeys: Set<String> = JSONLogHandler.defaultRedactedKeys,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
        write: @escaping @Sendable (String) -> Void = JSONLogHandler.writeToStandardError
    ) {
        self.label = label
        self.redactedKeys = Set(redactedKeys.map { $0.lowercased() })
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        var line = "{\"timestamp\":" + JSONText.string(Self.timestamp())
        line += ",\"level\":" + JSONText.string(event.level.rawValue)
        line += ",\"label\":" + JSONText.string(label)
        line += ",\"message\":" + JSONText.string(event.message.description)
        line += ",\"source\":" + JSONText.string(event.source)
        line += ",\"file\":" + JSONText.string(event.file)
        line += ",\"function\":" + JSONText.string(event.function)
        line += ",\"line\":" + String(event.line)
        if let error = event.error { line += ",\"error\":" + JSONText.string("\(error)") }
        line += ",\"metadata\":" + render(.dictionary(merged)) + "}\n"
        write(line)
    }

    private func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): return JSONText.string(text)
        case .stringConvertible(let convertible): return JSONText.string(convertible.description)
        case .array(let values): return "[" + values.map(render).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            let fields = dictionary.sorted { $0.key < $1.key }.map { key, value in
                JSONText.string(key) + ":" + (redactedKeys.contains(key.lowercased()) ? "\"[REDACTED]\"" : render(value))
            }
            return "{" + fields.joined(separator: ",") + "}"
        }
    }

    /// The current time as `2026-12-03T09:21:21.123Z`.
    static func timestamp() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var parts = tm()
        var seconds = time.tv_sec
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(time.tv_nsec / 1_000_000), 3))Z"
    }

    private static let standardErrorLock = Mutex(())

    /// Writes `line` to standard error in one `write(2)`, one line at a time across threads.
    public static let writeToStandardError: @Sendable (String) -> Void = { line in
        standardErrorLock.withLock { _ in
            var bytes = Array(line.utf8)
            _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
        }
    }
}

/// JSON string literals for log lines.
enum JSONText {
    /// `text` as a JSON string: quotes, backslashes and every control character escaped, and DEL,
    /// U+2028 and U+2029 too, so a line stays one line for JavaScript readers.
    static func string(_ text: String) -> String {
        JSONStringLiteral.string(text, escapingDeleteAndLineSeparators: true)
    }
}
