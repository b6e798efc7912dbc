@_exported import SonoraCore

/// The one error type of `SonoraSystem`: a code, a message naming the file or call that failed, and an optional cause.
public typealias SystemError = DomainError<SystemErrorDomain>

/// Marks errors of `SonoraSystem`. The codes of ``SystemError``:
/// - `unreadableFile`: A file could not be opened, read, written or listed; the cause is an ``Errno``.
/// - `malformedProcFile`: A `/proc` file was read but a line in it did not have the expected shape.
/// - `systemCall`: A system call other than file access failed; the cause is an ``Errno``.
/// - `fileTooLarge`: An input file (or stream) holds more than its reader accepts; see ``InputFile``.
public enum SystemErrorDomain: ErrorDomain {}

extension ErrorCode where Domain == SystemErrorDomain {
    public static let unreadableFile: Self = "unreadableFile", malformedProcFile: Self = "malformedProcFile", systemCall: Self = "systemCall",
        fileTooLarge: Self = "fileTooLarge"
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
