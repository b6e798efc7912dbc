/// The exit codes of `sonora bench`, for CI.
public struct BenchExitCode: RawRepresentable, Hashable, Sendable, Codable {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Nothing regressed.
    public static let pass = BenchExitCode(rawValue: 0)
    /// At least one benchmark regressed.
    public static let regression = BenchExitCode(rawValue: 1)
    /// A usage error or a corrupt report file.
    public static let usage = BenchExitCode(rawValue: 2)
    /// A benchmark crashed or threw.
    public static let crashed = BenchExitCode(rawValue: 3)
    /// The baseline is missing or cannot be compared (other machine, newer format, nothing in common).
    public static let baseline = BenchExitCode(rawValue: 4)

    /// The exit code for an error.
    public init(for error: any Error) {
        guard let error = error as? BenchError else {
            self = .usage
            return
        }
        switch error.code {
        case .missingReport, .unsupportedSchema, .incomparable: self = .baseline
        case .benchmarkFailed: self = .crashed
        default: self = .usage
        }
    }
}
