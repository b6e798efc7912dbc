@_exported import SonoraCore

/// Marks errors of `SonoraOperations`.
public enum OperationsErrorDomain: ErrorDomain {}

/// Why an operations component (alerts, health checks, monitors) refused a configuration or failed.
public typealias OperationsError = DomainError<OperationsErrorDomain>

extension ErrorCode where Domain == OperationsErrorDomain {
    /// A configuration value is out of range or malformed.
    public static let badConfiguration = Self(rawValue: "badConfiguration")
    /// A remote answered with something other than what was asked for.
    public static let badResponse = Self(rawValue: "badResponse")
    /// A remote could not be reached in time.
    public static let unreachable = Self(rawValue: "unreachable")
}
