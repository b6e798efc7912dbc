/// The one error type of `SonoraProfiler`: a code, a message naming what was wrong, and an optional cause.
public struct ProfilerError: Error, CustomStringConvertible, Sendable {
    /// An extensible set of error kinds.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// `start()` while another session runs in this process.
        public static let alreadyRunning = Code(rawValue: "alreadyRunning")
        /// `stop()` with no session running.
        public static let notRunning = Code(rawValue: "notRunning")
        /// Another handler owns the sampling signal.
        public static let signalInUse = Code(rawValue: "signalInUse")
        /// A configuration value is out of range.
        public static let invalidConfiguration = Code(rawValue: "invalidConfiguration")
        /// A system call failed.
        public static let systemCall = Code(rawValue: "systemCall")
        /// libunwind's remote API could not be loaded.
        public static let unwinderUnavailable = Code(rawValue: "unwinderUnavailable")
        /// A `/proc` file or profile file could not be read or parsed.
        public static let unreadableFile = Code(rawValue: "unreadableFile")
        /// A saved profile has a newer or unknown `schemaVersion`, or is corrupt.
        public static let unsupportedFormat = Code(rawValue: "unsupportedFormat")
        /// A profile's values cannot be exported: an unknown mode, a non-positive frequency, weights
        /// whose time overflows 64-bit nanoseconds, or no samples for a format that needs some.
        public static let invalidProfile = Code(rawValue: "invalidProfile")
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
