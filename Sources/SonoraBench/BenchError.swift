/// The one error type of `SonoraBench`: a code, a message naming what was wrong, and an optional cause.
public struct BenchError: Error, CustomStringConvertible, Sendable {
    /// An extensible set of error kinds.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// An option or argument is malformed (a threshold, a filter, a metric name).
        public static let invalidArgument = Code(rawValue: "invalidArgument")
        /// A report file does not exist.
        public static let missingReport = Code(rawValue: "missingReport")
        /// A report file is not valid JSON or lacks required fields.
        public static let corruptReport = Code(rawValue: "corruptReport")
        /// A report has a newer or unknown `schemaVersion`.
        public static let unsupportedSchema = Code(rawValue: "unsupportedSchema")
        /// Two reports cannot be compared: different machines, or no benchmark in common.
        public static let incomparable = Code(rawValue: "incomparable")
        /// A benchmark's body threw.
        public static let benchmarkFailed = Code(rawValue: "benchmarkFailed")
        /// A file could not be written or read.
        public static let io = Code(rawValue: "io")
        /// The `SONORA_BENCH_INJECT` knob is malformed.
        public static let invalidInjection = Code(rawValue: "invalidInjection")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of error.
    ///   - message: What was wrong, naming the bad input.
    ///   - cause: The underlying error, if any.
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
