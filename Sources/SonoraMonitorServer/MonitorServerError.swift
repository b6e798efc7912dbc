@_exported import SonoraCore

/// Marks errors of `SonoraMonitorServer`.
public enum MonitorServerErrorDomain: ErrorDomain {}

/// The one error type of `SonoraMonitorServer`: a code, a message naming the address, and an optional cause.
public typealias MonitorServerError = DomainError<MonitorServerErrorDomain>

extension ErrorCode where Domain == MonitorServerErrorDomain {
    /// Another process already listens on the port.
    public static let portInUse = Self(rawValue: "portInUse")
    /// The server could not bind or start for another reason.
    public static let bindFailed = Self(rawValue: "bindFailed")
    /// `run()` or `start()` on a server that already runs.
    public static let alreadyRunning = Self(rawValue: "alreadyRunning")
}
