@_exported import SonoraCore

/// Why `sonora top` could not read a target or a scrape.
public typealias DashboardError = DomainError<DashboardErrorDomain>

/// Marks errors of `SonoraDashboard`. The codes of ``DashboardError``:
/// - `badURL`: The URL is not an `http://` URL with a host.
/// - `unreachable`: The target could not be reached, refused the connection or timed out.
/// - `badStatus`: The target answered with a status other than 200.
/// - `notExposition`: The body is not the Prometheus text exposition format.
/// - `badOption`: A command-line value is out of range or malformed.
public enum DashboardErrorDomain: ErrorDomain {}

extension ErrorCode where Domain == DashboardErrorDomain {
    public static let badURL: Self = "badURL", unreachable: Self = "unreachable", badStatus: Self = "badStatus",
        notExposition: Self = "notExposition", badOption: Self = "badOption"
}
