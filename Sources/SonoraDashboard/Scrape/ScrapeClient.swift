import AsyncHTTPClient
import Foundation
import NIOCore

/// Fetches and parses one Prometheus endpoint: the only network code of `sonora top`.
public final class ScrapeClient: Sendable {
    /// The endpoint, as given.
    public let url: String
    private let client: HTTPClient
    private let timeout: Duration

    /// Creates a client for `url`.
    /// - Throws: ``DashboardError`` `.badURL` when `url` is not an `http://` or `https://` URL with a host.
    public init(url: String, timeout: Duration = .seconds(5)) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty else {
            throw DashboardError(.badURL, "\(url) is not a URL sonora top can scrape: give http://HOST:PORT/PATH, for example http://127.0.0.1:9464/metrics")
        }
        self.url = url
        self.timeout = timeout
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    /// Scrapes the endpoint once.
    /// - Returns: The parsed scrape.
    /// - Throws: ``DashboardError``: `.unreachable`, `.badStatus` or `.notExposition`, each naming the URL.
    public func scrape() async throws -> Scrape {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/plain;version=0.0.4;q=1,*/*;q=0.1")
        let body: String
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            guard response.status == .ok else {
                throw DashboardError(.badStatus, "\(url) answered HTTP \(response.status.code) \(PrintableText.excerpt(response.status.reasonPhrase, limit: 60))")
            }
            let buffer = try await response.body.collect(upTo: 64 << 20)
            body = String(buffer: buffer)
        } catch let error as DashboardError {
            throw error
        } catch {
            throw DashboardError(.unreachable, "cannot scrape \(url): \(Self.reason(error))")
        }
        return try ExpositionParser.parse(body, source: url)
    }

    /// Shuts the HTTP client down; call once, when done.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// A short reason for a transport failure, without Swift type names.
    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("deadlineExceeded") || text.contains("connectTimeout") || text.contains("readTimeout") { return "timed out" }
        if text.contains("remoteConnectionClosed") || text.contains("reset") { return "the connection was closed" }
        if text.contains("NXDOMAIN") || text.contains("lookup") || text.contains("resolve") { return "the host name does not resolve" }
        if text.contains("responseTooLarge") || text.contains("tooManyBytes") || text.contains("TooManyBytes") {
            return "the body is larger than 64 MiB"
        }
        return PrintableText.escapingControls(text)
    }
}
