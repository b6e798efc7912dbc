/// The module an error comes from. Each Sonora module declares one empty enum conforming to this,
/// and names its error type `DomainError<ThatEnum>` (for example `MonitorError`).
public protocol ErrorDomain: Sendable {}

/// A kind of error in `Domain`: an extensible set of named values, so a new code does not break a
/// caller's `switch`. Each module declares its codes in one `extension ErrorCode where Domain == …`,
/// as one `static let` list whose raw values are the names, documented in one list on its domain.
public struct ErrorCode<Domain: ErrorDomain>: RawRepresentable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A code named by a literal, as the modules declare theirs: `static let io: Self = "io"`.
    public init(stringLiteral rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// The one error shape of every Sonora module: a code, a message that names the input and what was
/// wrong with it, where in the input the problem is when that is known, and an optional underlying cause.
///
/// ```swift
/// public typealias MonitorError = DomainError<MonitorErrorDomain>
/// /// Marks errors of `SonoraMonitor`. Codes:
/// /// - `invalidName`: A metric or label name is empty or cannot be made valid.
/// public enum MonitorErrorDomain: ErrorDomain {}
/// extension ErrorCode where Domain == MonitorErrorDomain {
///     public static let invalidName: Self = "invalidName", invalidValue: Self = "invalidValue"
/// }
/// throw MonitorError(.invalidName, "\"\" is not a metric name")
/// ```
///
/// Its description is the message, then ` (at offset N)` when there is an offset, then the cause in
/// parentheses when there is one.
public struct DomainError<Domain: ErrorDomain>: Error, CustomStringConvertible, Sendable {
    public typealias Code = ErrorCode<Domain>

    /// What kind of failure this is.
    public var code: Code
    /// A sentence that names the input and what is wrong with it.
    public var message: String
    /// Where in the input the problem is, for an input read as a sequence (a byte offset in a binary message,
    /// a character offset in a text), as the API that throws documents; `nil` when it has no such place.
    public var offset: Int?
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of error.
    ///   - message: What was wrong, naming the bad input.
    ///   - offset: Where in the input the problem is, if it has such a place.
    ///   - cause: The underlying error, if any.
    public init(_ code: Code, _ message: String, offset: Int? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.cause = cause
    }

    public var description: String {
        var text = message
        if let offset { text += " (at offset \(offset))" }
        if let cause { text += " (\(cause))" }
        return text
    }
}
