@_exported import SonoraCore

/// Marks errors of `SonoraSystem`.
public enum SystemErrorDomain: ErrorDomain {}

/// The one error type of `SonoraSystem`: a code, a message naming the file or call that failed, and an optional cause.
public typealias SystemError = DomainError<SystemErrorDomain>

extension ErrorCode where Domain == SystemErrorDomain {
    /// A file could not be opened, read, written or listed; the cause is an ``Errno``.
    public static let unreadableFile = Self(rawValue: "unreadableFile")
    /// A `/proc` file was read but a line in it did not have the expected shape.
    public static let malformedProcFile = Self(rawValue: "malformedProcFile")
    /// A system call other than file access failed; the cause is an ``Errno``.
    public static let systemCall = Self(rawValue: "systemCall")
}

extension DomainError where Domain == SystemErrorDomain {
    /// The ``Errno`` a failed call left, when that is the cause.
    public var errno: Errno? { cause as? Errno }

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
