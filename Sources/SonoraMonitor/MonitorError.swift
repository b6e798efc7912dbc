@_exported import SonoraCore

/// Marks errors of `SonoraMonitor`.
public enum MonitorErrorDomain: ErrorDomain {}

/// The one error type of `SonoraMonitor`: a code, a message naming the metric or input, and an optional cause.
public typealias MonitorError = DomainError<MonitorErrorDomain>

extension ErrorCode where Domain == MonitorErrorDomain {
    /// A timing was negative, NaN or infinite.
    public static let invalidValue = Self(rawValue: "invalidValue")
    /// A name is already registered as another kind of metric.
    public static let conflictingRegistration = Self(rawValue: "conflictingRegistration")
    /// A metric or label name is empty or cannot be made valid.
    public static let invalidName = Self(rawValue: "invalidName")
    /// Reading system figures failed.
    public static let systemUnavailable = Self(rawValue: "systemUnavailable")
}
