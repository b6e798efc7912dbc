@_exported import SonoraCore

/// The one error type of `SonoraMonitor`: a code, a message naming the metric or input, and an optional cause.
public typealias MonitorError = DomainError<MonitorErrorDomain>

/// Marks errors of `SonoraMonitor`. The codes of ``MonitorError``:
/// - `invalidValue`: A timing was negative, NaN or infinite.
/// - `conflictingRegistration`: A name is already registered as another kind of metric.
/// - `invalidName`: A metric or label name is empty or cannot be made valid.
/// - `systemUnavailable`: Reading system figures failed.
public enum MonitorErrorDomain: ErrorDomain {}

extension ErrorCode where Domain == MonitorErrorDomain {
    public static let invalidValue: Self = "invalidValue", conflictingRegistration: Self = "conflictingRegistration",
        invalidName: Self = "invalidName", systemUnavailable: Self = "systemUnavailable"
}
