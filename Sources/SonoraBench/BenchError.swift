@_exported import SonoraCore

/// Marks errors of `SonoraBench`.
public enum BenchErrorDomain: ErrorDomain {}

/// The one error type of `SonoraBench`: a code, a message naming what was wrong, and an optional cause.
public typealias BenchError = DomainError<BenchErrorDomain>

extension ErrorCode where Domain == BenchErrorDomain {
    /// An option or argument is malformed (a threshold, a filter, a metric name).
    public static let invalidArgument = Self(rawValue: "invalidArgument")
    /// A report file does not exist.
    public static let missingReport = Self(rawValue: "missingReport")
    /// A report file is not valid JSON or lacks required fields.
    public static let corruptReport = Self(rawValue: "corruptReport")
    /// A report has a newer or unknown `schemaVersion`.
    public static let unsupportedSchema = Self(rawValue: "unsupportedSchema")
    /// Two reports cannot be compared: different machines, or no benchmark in common.
    public static let incomparable = Self(rawValue: "incomparable")
    /// A benchmark's body threw.
    public static let benchmarkFailed = Self(rawValue: "benchmarkFailed")
    /// A file could not be written or read.
    public static let io = Self(rawValue: "io")
    /// The `SONORA_BENCH_INJECT` knob is malformed.
    public static let invalidInjection = Self(rawValue: "invalidInjection")
}
