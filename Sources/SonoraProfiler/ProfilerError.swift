@_exported import SonoraCore

/// The one error type of `SonoraProfiler`: a code, a message naming what was wrong, and an optional cause.
public typealias ProfilerError = DomainError<ProfilerErrorDomain>

/// Marks errors of `SonoraProfiler`. The codes of ``ProfilerError``:
/// - `alreadyRunning`: `start()` while another session runs in this process.
/// - `notRunning`: `stop()` with no session running.
/// - `signalInUse`: Another handler owns the sampling signal.
/// - `invalidConfiguration`: A configuration value is out of range.
/// - `systemCall`: A system call failed.
/// - `unwinderUnavailable`: libunwind's remote API could not be loaded.
/// - `unreadableFile`: A `/proc` file or profile file could not be read or parsed.
/// - `unsupportedFormat`: A saved profile has a newer or unknown `schemaVersion`, or is corrupt.
/// - `invalidProfile`: A profile's values cannot be exported: an unknown mode, a non-positive frequency, weights
///   whose time overflows 64-bit nanoseconds, or no samples for a format that needs some.
/// - `malformedProcFile`: A `/proc` file was read but a line in it did not have the expected shape.
/// - `malformedObjectFile`: An ELF object could not be parsed for symbols.
public enum ProfilerErrorDomain: ErrorDomain {}

extension ErrorCode where Domain == ProfilerErrorDomain {
    public static let alreadyRunning: Self = "alreadyRunning", notRunning: Self = "notRunning", signalInUse: Self = "signalInUse",
        invalidConfiguration: Self = "invalidConfiguration", systemCall: Self = "systemCall",
        unwinderUnavailable: Self = "unwinderUnavailable", unreadableFile: Self = "unreadableFile",
        unsupportedFormat: Self = "unsupportedFormat", invalidProfile: Self = "invalidProfile",
        malformedProcFile: Self = "malformedProcFile", malformedObjectFile: Self = "malformedObjectFile"
}
