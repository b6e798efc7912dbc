@_exported import SonoraCore

/// Why an operations component (alerts, health checks, monitors) refused a configuration or failed.
public typealias OperationsError = DomainError<OperationsErrorDomain>

/// Marks errors of `SonoraOperations`. The codes of ``OperationsError``:
/// - `badConfiguration`: A configuration value is out of range or malformed.
/// - `badResponse`: A remote answered with something other than what was asked for.
/// - `unreachable`: A remote could not be reached in time.
public enum OperationsErrorDomain: ErrorDomain {}

extension ErrorCode where Domain == OperationsErrorDomain {
    public static let badConfiguration: Self = "badConfiguration", badResponse: Self = "badResponse", unreachable: Self = "unreachable"
}
