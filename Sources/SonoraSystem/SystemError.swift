/// The one error type of `SonoraSystem`: a code, a message naming the file or call that failed, and an optional cause.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    /// An extensible set of error kinds.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A file could not be opened, read, written or listed; the cause is an ``Errno``.
        public static let unreadableFile = Code(rawValue: "unreadableFile")
        /// A `/proc` file was read but a line in it did not have the expected shape.
        public static let malformedProcFile = Code(rawValue: "malformedProcFile")
        /// A system call other than file access failed; the cause is an ``Errno``.
        public static let systemCall = Code(rawValue: "systemCall")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The ``Errno`` a failed call left, when that is the cause.
    public var errno: Errno? { cause as? Errno }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }

    /// An error naming the `/proc` file and the 1-based line that could not be parsed.
    ///
    /// - Parameters:
    ///   - path: The file that was parsed, for example `/proc/self/status`.
    ///   - lineNumber: The 1-based line number, or `nil` when the problem is the file as a whole.
    ///   - line: The offending line's text.
    ///   - reason: What was wrong with it.
    public static func malformedProc(path: String, lineNumber: Int?, line: String?, reason: String) -> SystemError {
        var message = "\(path)"
        if let lineNumber { message += ", line \(lineNumber)" }
        message += ": \(reason)"
        if let line { message += " in \"\(line)\"" }
        return SystemError(.malformedProcFile, message)
    }
}
