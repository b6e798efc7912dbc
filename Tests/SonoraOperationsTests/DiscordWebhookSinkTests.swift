import Foundation
import Testing
@testable import SonoraOperations

@Suite(.serialized) struct DiscordWebhookSinkTests {
    static let firing = AlertNotification(
        rule: "HighCPU", state: .firing, summary: "Process CPU is above 80%: cpu% is 93 (> 80)", value: 93,
        labels: ["severity": "warning", "node": "eu-1"], since: 1_700_000_000, at: 1_700_000_060)

    static func fast(_ style: DiscordWebhookSink.Style = .embed, maxAttempts: Int = 3, timeout: Duration = .seconds(5)) -> DiscordWebhookSink.Configuration {
        .init(style: style, timeout: timeout, maxAttempts: maxAttempts, initialBackoff: .milliseconds(50), maxRetryAfter: .seconds(5))
    }

    func withReceiver(_ replies: [WebhookReceiver.Reply], _ body: (WebhookReceiver, String) async throws -> Void) async throws {
        let receiver = WebhookReceiver(replies)
        let url = try await receiver.start()
        do { try await body(receiver, url) } catch {
            try? await receiver.stop()
            throw error
        }
        try await receiver.stop()
    }

    @Test(arguments: [WebhookReceiver.Reply.ok, .noContent])
    func aFiringAlertIsPostedAsARedEmbed(_ reply: WebhookReceiver.Reply) async throws {
        try await withReceiver([reply]) { receiver, url in
            let sink = try DiscordWebhookSink(url: url, configuration: Self.fast())
            await sink.send(Self.firing)
            let request = try #require(receiver.requests.first)
            #expect(receiver.requests.count == 1)
            #expect(request.path == "/api/webhooks/123456/secret-token")
            let embed = try #require((request.json?["embeds"] as? [[String: Any]])?.first)
            #expect(embed["title"] as? String == "[FIRING] HighCPU")
            #expect(embed["color"] as? Int == 0xE74C3C)
            #expect((embed["description"] as? String)?.contains("labels: node=eu-1, severity=warning") == true)
            #expect(embed["timestamp"] as? String == "2023-11-14T22:14:20Z")
        }
    }

    @Test func aResolvedAlertIsGreenAndContentStyleIsPlainText() async throws {
        try await withReceiver([.ok, .ok]) { receiver, url in
            var resolved = Self.firing
            resolved.state = .resolved
            try await DiscordWebhookSink(url: url, configuration: Self.fast()).send(resolved)
            try await DiscordWebhookSink(url: url, configuration: Self.fast(.content)).send(Self.firing)
            let embed = try #require((receiver.requests[0].json?["embeds"] as? [[String: Any]])?.first)
            #expect(embed["color"] as? Int == 0x2ECC71)
            #expect(embed["title"] as? String == "[RESOLVED] HighCPU")
            #expect((receiver.requests[1].json?["content"] as? String)?.hasPrefix("**[FIRING] HighCPU**\nProcess CPU") == true)
        }
    }

    @Test func longTextIsCutToDiscordsLimitsWithAMarker() {
        var long = Self.firing
        long.summary = String(repeating: "é", count: 5000)
        long.rule = String(repeating: "R", count: 400)
        let content = DiscordWebhookSink.payload(long, style: .content)["content"] as! String
        #expect(content.utf16.count == 2000)
        #expect(content.hasSuffix("… (truncated)"))
        let embed = (DiscordWebhookSink.payload(long, style: .embed)["embeds"] as! [[String: Any]])[0]
        #expect((embed["title"] as! String).utf16.count == 256)
        #expect((embed["description"] as! String).utf16.count <= 4096)
        #expect((embed["description"] as! String).hasSuffix("… (truncated)"))
    }

    @Test func a429IsRetriedAfterRetryAfterFromTheBody() async throws {
        try await withReceiver([.tooManyRequests(retryAfter: 0.4), .ok]) { receiver, url in
            try await DiscordWebhookSink(url: url, configuration: Self.fast()).send(Self.firing)
            let requests = receiver.requests
            #expect(requests.count == 2)
            #expect(requests[1].time - requests[0].time >= .milliseconds(400))
        }
    }

    @Test func a429IsRetriedAfterTheRetryAfterHeaderWhenTheBodyHasNone() async throws {
        try await withReceiver([.status(429, body: "", headers: [("Retry-After", "1")]), .noContent]) { receiver, url in
            try await DiscordWebhookSink(url: url, configuration: Self.fast()).send(Self.firing)
            let requests = receiver.requests
            #expect(requests.count == 2)
            #expect(requests[1].time - requests[0].time >= .seconds(1))
        }
    }

    @Test func a404DisablesTheSinkWithOneErrorLog() async throws {
        try await withReceiver([.status(404, body: #"{"message": "Unknown Webhook", "code": 10015}"#)]) { receiver, url in
            let (logger, log) = CapturingLogHandler.logger()
            let sink = try DiscordWebhookSink(url: url, configuration: Self.fast(), logger: logger)
            await sink.send(Self.firing)
            await sink.send(Self.firing)
            #expect(sink.isDisabled)
            #expect(receiver.requests.count == 1)
            #expect(log.all.filter { $0.hasPrefix("error") }.count == 1)
            #expect(!log.text.contains("secret-token"))
            #expect(log.text.contains("/api/webhooks/123456/…"))
        }
    }

    @Test func a500IsRetriedWithBackoffAndThenGivenUp() async throws {
        try await withReceiver([.status(500), .status(502), .status(503)]) { receiver, url in
            let (logger, log) = CapturingLogHandler.logger()
            try await DiscordWebhookSink(url: url, configuration: Self.fast(maxAttempts: 3), logger: logger).send(Self.firing)
            #expect(receiver.requests.count == 3)
            #expect(log.text.contains("after 3 attempts: HTTP 503"))
        }
    }

    @Test func aHungReceiverTimesOutAndTheRetrySucceeds() async throws {
        try await withReceiver([.hang, .ok]) { receiver, url in
            let started = ContinuousClock.now
            try await DiscordWebhookSink(url: url, configuration: Self.fast(timeout: .milliseconds(300))).send(Self.firing)
            #expect(receiver.requests.count == 2)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test func aNonHTTPURLIsRefused() {
        #expect(throws: OperationsError.self) { try DiscordWebhookSink(url: "discord.com/api/webhooks/1/x") }
    }
}
