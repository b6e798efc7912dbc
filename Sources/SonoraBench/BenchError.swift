@_exported import SonoraCore

/// The one error type of `SonoraBench`: a code, a message naming what was wrong, and an optional cause.
public typealias BenchError = DomainError<BenchErrorDomain>

/// Marks errors of `SonoraBench`. The codes of ``BenchError``:
/// - `invalidArgument`: An option or argument is malformed (a threshold, a filter, a metric name).
/// - `missingReport`: A report file does not exist.
/// - `corruptReport`: A report file is not valid JSON or lacks required fields.
/// - `unsupportedSchema`: A report has a newer or unknown `schemaVersion`.
/// - `incomparable`: Two reports cannot be compared: different machines, or no benchmark in common.
/// - `benchmarkFailed`: A benchmark's body threw.
/// - `io`: A file could not be written or read.
/// - `invalidInjection`: The `SONORA_BENCH_INJECT` knob is malformed.
public enum BenchErrorDomain: ErrorDomain {}

extension ErrorCode where Domain == BenchErrorDomain {
    public static let invalidArgument: Self = "invalidArgument", missingReport: Self = "missingReport",
        corruptReport: Self = "corruptReport", unsupportedSchema: Self = "unsupportedSchema", incomparable: Self = "incomparable",
        benchmarkFailed: Self = "benchmarkFailed", io: Self = "io", invalidInjection: Self = "invalidInjection"
}
