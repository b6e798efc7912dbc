import Foundation

/// What a parent asks one worker process to do: run one benchmark once and write the outcome.
///
/// The parent writes it as JSON to a file and starts the worker with that file's path; the
/// worker answers with a ``WorkerResponse`` at `responsePath`. Both carry
/// ``WorkerRequest/protocolVersion`` so an older or newer binary is refused clearly.
public struct WorkerRequest: Sendable, Codable {
    /// The protocol this build speaks.
    public static let currentProtocolVersion = 1

    public var protocolVersion: Int
    /// The exact benchmark name.
    public var benchmark: String
    /// This process's settings (its share of the sampling budget).
    public var configuration: BenchmarkConfiguration
    /// Whether to run the profiling pass and save its profile at `profilePath`.
    public var profiling: Bool
    /// The round this process belongs to.
    public var round: Int
    /// Where the worker writes its ``WorkerResponse``.
    public var responsePath: String
    /// Where the worker writes the full native profile, when profiling.
    public var profilePath: String?

    public init(
        benchmark: String, configuration: BenchmarkConfiguration, profiling: Bool, round: Int, responsePath: String,
        profilePath: String?
    ) {
        self.protocolVersion = Self.currentProtocolVersion
        self.benchmark = benchmark
        self.configuration = configuration
        self.profiling = profiling
        self.round = round
        self.responsePath = responsePath
        self.profilePath = profilePath
    }
}

/// What a worker process measured, written for its parent.
public struct WorkerResponse: Sendable, Codable {
    public var protocolVersion: Int
    public var pid: Int32
    /// `debug` or `release`: the worker's own build, which may differ from the parent's in an A/B run.
    public var buildConfiguration: String
    public var toolVersion: String
    public var result: BenchmarkResult
    /// Whether a native profile was written at the request's `profilePath`.
    public var profileWritten: Bool

    public init(pid: Int32, result: BenchmarkResult, profileWritten: Bool) {
        self.protocolVersion = WorkerRequest.currentProtocolVersion
        self.pid = pid
        self.buildConfiguration = RunEnvironment.buildConfiguration
        self.toolVersion = RunEnvironment.toolVersion
        self.result = result
        self.profileWritten = profileWritten
    }
}

/// JSON coding shared by reports and the worker protocol: ISO dates, non-finite numbers as strings.
enum BenchJSON {
    static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
