import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP server standing in for Discord: it answers each POST with the next scripted
/// reply (200, 204, 429 with `retry_after`, 404, 500, or no answer at all) and keeps the bodies.
final class WebhookReceiver: Sendable {
    enum Reply: Sendable {
        case status(Int, body: String = "", headers: [(String, String)] = [])
        /// Never answer (until the server stops).
        case hang

        static let ok = Reply.status(200, body: "{}")
        static let noContent = Reply.status(204)
        static func tooManyRequests(retryAfter seconds: Double) -> Reply {
            .status(429, body: #"{"message": "You are being rate limited.", "retry_after": \#(seconds), "global": false}"#)
        }
    }

    struct Received: Sendable {
        var path: String
        var body: Data
        var time: ContinuousClock.Instant
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    private let script: Mutex<[Reply]>
    private let received = Mutex<[Received]>([])
    private let channel: Mutex<(any Channel)?> = Mutex(nil)

    /// Replies in order; after the script runs out, every request gets 204.
    init(_ replies: [Reply]) {
        script = Mutex(replies)
    }

    var requests: [Received] { received.withLock { $0 } }

    /// Starts listening on 127.0.0.1 and returns the webhook URL.
    func start() async throws -> String {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(receiver: self))
                }
            }
        let server = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        channel.withLock { $0 = server }
        return "http://127.0.0.1:\(server.localAddress!.port!)/api/webhooks/123456/secret-token"
    }

    func stop() async throws {
        try await channel.withLock { $0 }?.close()
    }

    fileprivate func next(path: String, body: Data) -> Reply {
        received.withLock { $0.append(Received(path: path, body: body, time: .now)) }
        return script.withLock { $0.isEmpty ? .noContent : $0.removeFirst() }
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        // @unchecked: NIO calls a handler on its channel's event loop only.
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let receiver: WebhookReceiver
        var path = ""
        var body = Data()

        init(receiver: WebhookReceiver) {
            self.receiver = receiver
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                path = head.uri
                body = Data()
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard case .status(let code, let text, let extra) = receiver.next(path: path, body: body) else { return }
                var headers = HTTPHeaders([("Content-Length", "\(text.utf8.count)"), ("Content-Type", "application/json")])
                for (name, value) in extra { headers.add(name: name, value: value) }
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: code), headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
