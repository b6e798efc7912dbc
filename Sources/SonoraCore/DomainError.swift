/// The module an error comes from. Each Sonora module declares one empty enum conforming to this,
/// and names its error type `DomainError<ThatEnum>` (for example `MonitorError`).
public protocol ErrorDomain: Sendable {}

/// A kind of error in `Domain`: an extensible set of named values, so a new code does not break a
/// caller's `switch`. Each module declares its codes in an `extension ErrorCode where Domain == …`.
public struct ErrorCode<Domain: ErrorDomain>: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// The one error shape of every Sonora module: a code, a message that names the input and what was
/// wrong with it, and an optional underlying cause.
///
/// ```swift
/// public enum MonitorErrorDomain: ErrorDomain {}
/// public typealias MonitorError = DomainError<MonitorErrorDomain>
/// extension ErrorCode where Domain == MonitorErrorDomain {
///     public static let invalidName = Self(rawValue: "invalidName")
/// }
/// throw MonitorError(.invalidName, "\"\" is not a metric name")
/// ```
///
/// Its description is the message, followed by the cause in parentheses when there is one.
public struct DomainError<Domain: ErrorDomain>: Error, CustomStringConvertible, Sendable {
    public typealias Code = ErrorCode<Domain>

    /// What kind of failure this is.
    public var code: Code
    /// A sentence that names the input and what is wrong with it.
    public var message: String
    /// The underlying error, if any.
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
