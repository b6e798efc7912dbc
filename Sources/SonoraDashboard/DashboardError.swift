@_exported import SonoraCore

/// Marks errors of `SonoraDashboard`.
public enum DashboardErrorDomain: ErrorDomain {}

/// Why `sonora top` could not read a target or a scrape.
public typealias DashboardError = DomainError<DashboardErrorDomain>

extension ErrorCode where Domain == DashboardErrorDomain {
    /// The URL is not an `http://` URL with a host.
    public static let badURL = Self(rawValue: "badURL")
    /// The target could not be reached, refused the connection or timed out.
    public static let unreachable = Self(rawValue: "unreachable")
    /// The target answered with a status other than 200.
    public static let badStatus = Self(rawValue: "badStatus")
    /// The body is not the Prometheus text exposition format.
    public static let notExposition = Self(rawValue: "notExposition")
    /// A command-line value is out of range or malformed.
    public static let badOption = Self(rawValue: "badOption")
}
