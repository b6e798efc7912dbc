@_exported import SonoraCore

/// Marks errors of `SonoraProfiler`.
public enum ProfilerErrorDomain: ErrorDomain {}

/// The one error type of `SonoraProfiler`: a code, a message naming what was wrong, and an optional cause.
public typealias ProfilerError = DomainError<ProfilerErrorDomain>

extension ErrorCode where Domain == ProfilerErrorDomain {
    /// `start()` while another session runs in this process.
    public static let alreadyRunning = Self(rawValue: "alreadyRunning")
    /// `stop()` with no session running.
    public static let notRunning = Self(rawValue: "notRunning")
    /// Another handler owns the sampling signal.
    public static let signalInUse = Self(rawValue: "signalInUse")
    /// A configuration value is out of range.
    public static let invalidConfiguration = Self(rawValue: "invalidConfiguration")
    /// A system call failed.
    public static let systemCall = Self(rawValue: "systemCall")
    /// libunwind's remote API could not be loaded.
    public static let unwinderUnavailable = Self(rawValue: "unwinderUnavailable")
    /// A `/proc` file or profile file could not be read or parsed.
    public static let unreadableFile = Self(rawValue: "unreadableFile")
    /// A saved profile has a newer or unknown `schemaVersion`, or is corrupt.
    public static let unsupportedFormat = Self(rawValue: "unsupportedFormat")
    /// A profile's values cannot be exported: an unknown mode, a non-positive frequency, weights
    /// whose time overflows 64-bit nanoseconds, or no samples for a format that needs some.
    public static let invalidProfile = Self(rawValue: "invalidProfile")
    /// A `/proc` file was read but a line in it did not have the expected shape.
    public static let malformedProcFile = Self(rawValue: "malformedProcFile")
    /// An ELF object could not be parsed for symbols.
    public static let malformedObjectFile = Self(rawValue: "malformedObjectFile")
}
