/// The one error type of `SonoraMonitor`: a code, a message naming the metric or input, and an optional cause.
public struct MonitorError: Error, CustomStringConvertible, Sendable {
    /// An extensible set of error kinds.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A timing was negative, NaN or infinite.
        public static let invalidValue = Code(rawValue: "invalidValue")
        /// A name is already registered as another kind of metric.
        public static let conflictingRegistration = Code(rawValue: "conflictingRegistration")
        /// A metric or label name is empty or cannot be made valid.
        public static let invalidName = Code(rawValue: "invalidName")
        /// Reading system figures failed.
        public static let systemUnavailable = Code(rawValue: "systemUnavailable")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }
}
