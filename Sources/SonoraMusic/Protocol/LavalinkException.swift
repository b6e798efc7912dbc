/// An exception reported by Lavalink (in an `error` load result or a `TrackExceptionEvent`).
public struct LavalinkException: Hashable, Sendable, Codable {
    /// How bad the failure is, an extensible set of Lavalink's severities.
    public struct Severity: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The cause is known and expected (a geo-blocked video, say).
        public static let common = Severity(rawValue: "common")
        /// The cause might not be exactly known, but is possibly caused by outside factors.
        public static let suspicious = Severity(rawValue: "suspicious")
        /// The probable cause is an issue with the player or an unexpected condition.
        public static let fault = Severity(rawValue: "fault")
    }

    /// The message, if any.
    public var message: String?
    /// How bad the failure is.
    public var severity: Severity
    /// The cause.
    public var cause: String
    /// The cause's stack trace, if sent.
    public var causeStackTrace: String?

    /// Creates an exception.
    public init(message: String?, severity: Severity, cause: String, causeStackTrace: String? = nil) {
        self.message = message
        self.severity = severity
        self.cause = cause
        self.causeStackTrace = causeStackTrace
    }
}
