/// The one error type of `SonoraMonitorServer`: a code, a message naming the address, and an optional cause.
public struct MonitorServerError: Error, CustomStringConvertible, Sendable {
    /// An extensible set of error kinds.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Another process already listens on the port.
        public static let portInUse = Code(rawValue: "portInUse")
        /// The server could not bind or start for another reason.
        public static let bindFailed = Code(rawValue: "bindFailed")
        /// `run()` or `start()` on a server that already runs.
        public static let alreadyRunning = Code(rawValue: "alreadyRunning")
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
