import AsyncHTTPClient
import CoreMetrics
import Foundation
import NIOCore
import NIOHTTP1

/// Loads tracks from a Lavalink v4 node over HTTP: `GET /v4/loadtracks?identifier=…`.
///
/// Sends the password in the `Authorization` header, times out each attempt, and retries 5xx answers and
/// connection failures a bounded number of times with exponential backoff. The password never appears in
/// log lines or errors.
///
/// Each ``loadTracks(_:)`` reports through swift-metrics (the application bootstraps the backend, or passes a
/// factory): the timer `sonora_track_load_duration_seconds` and the counter `sonora_track_loads_total`, both with
/// a `load_type` dimension, and the counter `sonora_track_load_failures_total` with a `code` dimension.
///
/// ```swift
/// let loader = TrackLoader(configuration: .init(baseURL: "http://127.0.0.1:2333", password: "youshallnotpass"))
/// let result = try await loader.loadTracks("ytsearch:never gonna give you up")
/// try await loader.shutdown()
/// ```
public final class TrackLoader: Sendable {
    /// Where the node is and how hard to try.
    public struct Configuration: Sendable {
        /// The node's base URL, for example `http://127.0.0.1:2333`.
        public var baseURL: String
        /// The node's password (sent as `Authorization`; never logged).
        public var password: String
        /// The timeout of each attempt.
        public var requestTimeout: Duration
        /// The most attempts per request, at least 1.
        public var maxAttempts: Int
        /// The wait before the first retry; doubled for each further retry.
        public var initialBackoff: Duration
        /// The longest wait between retries.
        public var maxBackoff: Duration
        /// The largest response body accepted, in bytes.
        public var maxBodyBytes: Int
        /// Whether every `encoded` string in a load result is decoded, so a bad one fails the load.
        public var validatesTracks: Bool

        /// Creates a configuration.
        public init(
            baseURL: String, password: String, requestTimeout: Duration = .seconds(10), maxAttempts: Int = 3,
            initialBackoff: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(2),
            maxBodyBytes: Int = 32 << 20, validatesTracks: Bool = true
        ) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.password = password
            self.requestTimeout = requestTimeout
            self.maxAttempts = max(1, maxAttempts)
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.maxBodyBytes = maxBodyBytes
            self.validatesTracks = validatesTracks
        }
    }

    /// A sink for diagnostic lines (never containing the password); the application decides where they go.
    public typealias LogSink = @Sendable (String) -> Void

    /// The configuration.
    public let configuration: Configuration
    private let client: HTTPClient
    private let ownsClient: Bool
    private let log: LogSink?
    private let metrics: (any MetricsFactory)?

    /// The names of the metrics the loader reports.
    public enum MetricNames {
        /// Timer: the duration of each successful load (HTTP, parse and validation), by `load_type`.
        public static let loadDuration = "sonora_track_load_duration_seconds"
        /// Counter: successful loads, by `load_type`.
        public static let loads = "sonora_track_loads_total"
        /// Counter: failed loads, by `code` (a ``MusicError`` code).
        public static let failures = "sonora_track_load_failures_total"
    }

    /// Creates a loader.
    /// - Parameters:
    ///   - configuration: The node and retry settings.
    ///   - httpClient: A client to use; when `nil`, the loader makes one and ``shutdown()`` shuts it down.
    ///   - log: Where diagnostic lines go, or `nil`.
    ///   - metricsFactory: Where metrics go; `nil` (the default) for the process's bootstrapped `MetricsSystem`.
    public init(
        configuration: Configuration, httpClient: HTTPClient? = nil, log: LogSink? = nil,
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.configuration = configuration
        if let httpClient {
            client = httpClient
            ownsClient = false
        } else {
            client = HTTPClient(eventLoopGroupProvider: .singleton)
            ownsClient = true
        }
        self.log = log
        self.metrics = metricsFactory
    }

    /// Shuts down the HTTP client if the loader made it. Call once, when done.
    /// - Throws: If the client fails to shut down.
    public func shutdown() async throws {
        if ownsClient { try await client.shutdown() }
    }

    /// Loads tracks for an identifier (a URL, a search such as `ytsearch:…`, or a source id).
    /// - Parameter identifier: What to load.
    /// - Returns: The load result.
    /// - Throws: ``MusicError`` with code `unauthorized`, `notFound`, `httpStatus`, `timeout`, `connectionFailed`,
    ///   `invalidJSON` or `invalidTrack`.
    public func loadTracks(_ identifier: String) async throws(MusicError) -> LoadResult {
        let started = ContinuousClock.now
        do throws(MusicError) {
            let result = try Self.validated(LoadResult.decode(json: try await loadTracksBody(identifier)), configuration)
            let elapsed = ContinuousClock.now - started
            let dimensions = [("load_type", result.loadType.rawValue)]
            let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
            timer(MetricNames.loadDuration, dimensions).recordNanoseconds(nanoseconds)
            counter(MetricNames.loads, dimensions).increment()
            return result
        } catch {
            counter(MetricNames.failures, [("code", error.code.rawValue)]).increment()
            throw error
        }
    }

    /// Fetches the raw `/v4/loadtracks` body for an identifier, without parsing it (the HTTP phase of a load).
    /// - Parameter identifier: What to load.
    /// - Returns: The body of the 2xx answer.
    /// - Throws: ``MusicError`` with code `unauthorized`, `notFound`, `httpStatus`, `timeout` or `connectionFailed`.
    public func loadTracksBody(_ identifier: String) async throws(MusicError) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let query = identifier.addingPercentEncoding(withAllowedCharacters: allowed) ?? identifier
        return try await get("/v4/loadtracks?identifier=\(query)", what: "loadtracks '\(identifier)'")
    }

    /// Decodes every track of `result` when the configuration asks for it (the decode phase of a load).
    private static func validated(_ result: LoadResult, _ configuration: Configuration) throws(MusicError) -> LoadResult {
        if configuration.validatesTracks {
            for track in result.tracks { _ = try track.decoded() }
        }
        return result
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        if let metrics { return Counter(label: label, dimensions: dimensions, factory: metrics) }
        return Counter(label: label, dimensions: dimensions)
    }

    private func timer(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Timer {
        if let metrics { return CoreMetrics.Timer(label: label, dimensions: dimensions, factory: metrics) }
        return CoreMetrics.Timer(label: label, dimensions: dimensions)
    }

    /// Fetches `/v4/stats`.
    /// - Returns: The node's statistics.
    /// - Throws: ``MusicError`` as ``loadTracks(_:)``.
    public func stats() async throws(MusicError) -> NodeStats {
        try NodeStats.decode(json: try await get("/v4/stats", what: "stats"))
    }

    /// Fetches `/v4/info`.
    /// - Returns: The node's build and capabilities.
    /// - Throws: ``MusicError`` as ``loadTracks(_:)``.
    public func info() async throws(MusicError) -> NodeInfo {
        try NodeInfo.decode(json: try await get("/v4/info", what: "info"))
    }

    /// Fetches `/version` (plain text).
    /// - Returns: The server version, for example `4.0.0`.
    /// - Throws: ``MusicError`` as ``loadTracks(_:)``.
    public func version() async throws(MusicError) -> String {
        String(decoding: try await get("/version", what: "version"), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// GETs a path with retries; returns the body of a 2xx answer.
    private func get(_ pathAndQuery: String, what: String) async throws(MusicError) -> Data {
        let url = configuration.baseURL + pathAndQuery
        var backoff = configuration.initialBackoff
        var attempt = 1
        while true {
            let outcome = await attemptOnce(url: url, what: what)
            switch outcome {
            case .success(let body):
                return body
            case .failure(let failure):
                let error = failure.error
                guard failure.retryable, attempt < configuration.maxAttempts else {
                    log?("\(what): giving up after \(attempt) attempt(s): \(error.code)")
                    throw error
                }
                log?("\(what): attempt \(attempt) failed (\(error.code)); retrying in \(backoff)")
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, configuration.maxBackoff)
                attempt += 1
            }
        }
    }

    /// A failed attempt, and whether trying again may help (5xx answers and connection failures).
    private struct AttemptFailure: Error {
        var error: MusicError
        var retryable: Bool
    }

    /// One attempt.
    private func attemptOnce(url: String, what: String) async -> Result<Data, AttemptFailure> {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Authorization", value: configuration.password)
        request.headers.add(name: "Accept", value: "application/json")
        let (seconds, attoseconds) = configuration.requestTimeout.components
        let timeout = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let started = ContinuousClock.now
        do {
            let response = try await client.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: configuration.maxBodyBytes)
            let status = Int(response.status.code)
            log?("\(what): HTTP \(status), \(buffer.readableBytes) bytes in \(ContinuousClock.now - started)")
            switch status {
            case 200..<300:
                return .success(Data(buffer.readableBytesView))
            case 401, 403:
                return .failure(AttemptFailure(error: MusicError(
                    .unauthorized, "\(what): the node at \(configuration.baseURL) refused the password (HTTP \(status))"
                ), retryable: false))
            case 404:
                return .failure(AttemptFailure(error: MusicError(
                    .notFound, "\(what): the node at \(configuration.baseURL) answered 404 (not a Lavalink v4 node?)"
                ), retryable: false))
            default:
                return .failure(AttemptFailure(error: MusicError(
                    .httpStatus, "\(what): the node at \(configuration.baseURL) answered HTTP \(status)"
                ), retryable: status >= 500))
            }
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .failure(AttemptFailure(error: MusicError(
                .timeout, "\(what): no answer from \(configuration.baseURL) within \(configuration.requestTimeout)", cause: error
            ), retryable: false))
        } catch {
            return .failure(AttemptFailure(error: MusicError(
                .connectionFailed, "\(what): cannot reach the node at \(configuration.baseURL): \(String(describing: error))", cause: error
            ), retryable: true))
        }
    }
}
