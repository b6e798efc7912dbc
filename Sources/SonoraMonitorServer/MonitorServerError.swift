@_exported import SonoraCore

/// The one error type of `SonoraMonitorServer`: a code, a message naming the address, and an optional cause.
public typealias MonitorServerError = DomainError<MonitorServerErrorDomain>

/// Marks errors of `SonoraMonitorServer`. The codes of ``MonitorServerError``:
/// - `portInUse`: Another process already listens on the port.
/// - `bindFailed`: The server could not bind or start for another reason.
/// - `alreadyRunning`: `run()` or `start()` on a server that already runs.
public enum MonitorServerErrorDomain: ErrorDomain {}

extension ErrorCode where Domain == MonitorServerErrorDomain {
    public static let portInUse: Self = "portInUse", bindFailed: Self = "bindFailed", alreadyRunning: Self = "alreadyRunning"
}
