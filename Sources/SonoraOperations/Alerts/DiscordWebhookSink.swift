import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Synchronization

/// Posts notifications to a Discord channel through an incoming webhook, as Discord documents it:
/// JSON with `content` (at most 2,000 characters) or one embed (title at most 256, description at
/// most 4,096; red while firing, green when resolved).
///
/// Each post has a timeout and is retried a bounded number of times on timeouts, connection errors
/// and 5xx answers, with exponential backoff. A 429 is honoured: the sink waits `retry_after` from
/// the JSON body (seconds), or the `Retry-After` header, before trying again. A 404 means the
/// webhook was deleted: the sink disables itself and logs one error, as Discord asks clients to.
/// The webhook URL holds a secret token, so logs show only its id.
public final class DiscordWebhookSink: AlertSink {
    public enum Style: Sendable {
        /// A plain message in `content`.
        case content
        /// One embed with a colored side bar.
        case embed
    }

    public struct Configuration: Sendable {
        public var style: Style
        /// The most one POST may take.
        public var timeout: Duration
        /// The most POSTs per notification, at least 1.
        public var maxAttempts: Int
        /// The wait before the first retry after a failure; doubled for each further retry.
        public var initialBackoff: Duration
        /// The longest 429 wait honoured; a longer `retry_after` gives the notification up.
        public var maxRetryAfter: Duration

        public init(style: Style = .embed, timeout: Duration = .seconds(10), maxAttempts: Int = 4,
                    initialBackoff: Duration = .milliseconds(500), maxRetryAfter: Duration = .seconds(60)) {
            self.style = style
            self.timeout = timeout
            self.maxAttempts = max(1, maxAttempts)
            self.initialBackoff = initialBackoff
            self.maxRetryAfter = maxRetryAfter
        }
    }

    static let contentLimit = 2000
    static let titleLimit = 256
    static let descriptionLimit = 4096
    static let truncationMarker = "… (truncated)"
    static let firingColor = 0xE7_4C_3C
    static let resolvedColor = 0x2E_CC_71

    public let configuration: Configuration
    private let url: String
    private let client: HTTPClient
    private let logger: Logger
    private let disabled = Atomic<Bool>(false)

    /// Creates a sink for the webhook at `url`.
    /// - Throws: ``OperationsError`` `.badConfiguration` when `url` is not an http(s) URL.
    public init(url: String, configuration: Configuration = .init(), logger: Logger = Logger(label: "sonora.alerts.discord")) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              parsed.host?.isEmpty == false else {
            throw OperationsError(.badConfiguration, "the Discord webhook URL is not an http(s) URL (it should look like https://discord.com/api/webhooks/ID/TOKEN)")
        }
        self.url = url
        self.configuration = configuration
        self.logger = logger
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    deinit {
        try? client.syncShutdown()
    }

    /// Whether a 404 disabled the sink.
    public var isDisabled: Bool { disabled.load(ordering: .relaxed) }

    /// The webhook as logs show it: the path up to the id, never the token.
    var redactedURL: String {
        guard let range = url.range(of: "/webhooks/") else { return "the Discord webhook" }
        let rest = url[range.upperBound...]
        let id = rest.prefix { $0 != "/" }
        return String(url[..<range.upperBound]) + id + "/…"
    }

    public func send(_ notification: AlertNotification) async {
        guard !isDisabled else { return }
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: Self.payload(notification, style: configuration.style), options: [.sortedKeys])
        } catch {
            logger.error("cannot encode the Discord payload", metadata: ["alert": "\(notification.rule)"])
            return
        }
        var backoff = configuration.initialBackoff
        for attempt in 1...configuration.maxAttempts {
            let outcome = await post(body)
            switch outcome {
            case .delivered:
                return
            case .disabled:
                disabled.store(true, ordering: .relaxed)
                logger.error("Discord answered 404 for \(redactedURL): the webhook is gone; no more alerts are sent to it", metadata: ["alert": "\(notification.rule)"])
                return
            case .rejected(let status):
                logger.error("Discord refused the alert with HTTP \(status); not retrying", metadata: ["alert": "\(notification.rule)", "webhook": "\(redactedURL)"])
                return
            case .rateLimited(let wait):
                guard wait <= configuration.maxRetryAfter else {
                    logger.error("Discord rate limit asks to wait \(wait), longer than \(configuration.maxRetryAfter); alert dropped", metadata: ["alert": "\(notification.rule)"])
                    return
                }
                guard attempt < configuration.maxAttempts else { break }
                logger.notice("Discord rate limit: waiting \(wait)", metadata: ["alert": "\(notification.rule)"])
                try? await Task.sleep(for: wait)
            case .failed(let reason):
                guard attempt < configuration.maxAttempts else {
                    logger.error("could not post the alert to \(redactedURL) after \(attempt) attempts: \(reason)", metadata: ["alert": "\(notification.rule)"])
                    return
                }
                try? await Task.sleep(for: backoff)
                backoff *= 2
            }
        }
        logger.error("could not post the alert to \(redactedURL): still rate limited after \(configuration.maxAttempts) attempts", metadata: ["alert": "\(notification.rule)"])
    }

    enum Outcome {
        case delivered
        case disabled
        case rejected(status: Int)
        case rateLimited(Duration)
        case failed(String)
    }

    private func post(_ body: Data) async -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Sonora (https://github.com/sonora, 1.0)")
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(configuration.timeout.nanoseconds)))
            let answer = try await response.body.collect(upTo: 64 << 10)
            switch response.status.code {
            case 200..<300:
                return .delivered
            case 404:
                return .disabled
            case 429:
                return .rateLimited(Self.retryAfter(body: Data(answer.readableBytesView), header: response.headers.first(name: "Retry-After")))
            case 500..<600:
                return .failed("HTTP \(response.status.code)")
            default:
                return .rejected(status: Int(response.status.code))
            }
        } catch {
            let text = String(describing: error)
            return .failed(text.contains("deadlineExceeded") ? "no answer within \(configuration.timeout)" : text.contains("refused") ? "connection refused" : text)
        }
    }

    /// The wait a 429 asks for: `retry_after` (seconds, fractional) from the JSON body, else the
    /// `Retry-After` header (seconds), else one second.
    static func retryAfter(body: Data, header: String?) -> Duration {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
           let seconds = (object["retry_after"] as? NSNumber)?.doubleValue, seconds.isFinite, seconds >= 0 {
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        if let header, let seconds = Double(header.trimmingCharacters(in: .whitespaces)), seconds.isFinite, seconds >= 0 {
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        return .seconds(1)
    }

    /// The JSON object posted for `notification`.
    static func payload(_ notification: AlertNotification, style: Style) -> [String: Any] {
        let tag = notification.state == .firing ? "FIRING" : "RESOLVED"
        let labels = notification.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        let detail = notification.summary + (labels.isEmpty ? "" : "\nlabels: \(labels)")
        switch style {
        case .content:
            return ["content": truncate("**[\(tag)] \(notification.rule)**\n\(detail)", to: contentLimit), "allowed_mentions": ["parse": [String]()]]
        case .embed:
            let timestamp = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: notification.at))
            let embed: [String: Any] = [
                "title": truncate("[\(tag)] \(notification.rule)", to: titleLimit),
                "description": truncate(detail, to: descriptionLimit),
                "color": notification.state == .firing ? firingColor : resolvedColor,
                "timestamp": timestamp,
            ]
            return ["embeds": [embed], "allowed_mentions": ["parse": [String]()]]
        }
    }

    /// `text` cut to at most `limit` characters (UTF-16 code units, as Discord counts), ending in a
    /// marker when cut.
    static func truncate(_ text: String, to limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var kept = ""
        var count = 0
        let budget = limit - truncationMarker.utf16.count
        for character in text {
            let size = String(character).utf16.count
            if count + size > budget { break }
            kept.append(character)
            count += size
        }
        return kept + truncationMarker
    }
}
