import NIOCore
import NIOHTTP1

/// Answers each HTTP/1.1 request on one connection with what ``FakeLavalinkCore`` decides.
final class FakeLavalinkHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: FakeLavalinkCore
    private var head: HTTPRequestHead?

    init(core: FakeLavalinkCore) { self.core = core }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
        case .body:
            break
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let decision = core.decide(
                method: requestHead.method.rawValue, uri: requestHead.uri,
                authorization: requestHead.headers.first(name: "Authorization")
            )
            switch decision {
            case .close:
                context.close(promise: nil)
            case .respond(let response, let delay):
                let keepAlive = requestHead.isKeepAlive
                if delay <= .zero {
                    write(response, keepAlive: keepAlive, context: context)
                } else {
                    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    let (seconds, attoseconds) = delay.components
                    let nanos = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
                    context.eventLoop.scheduleTask(in: .nanoseconds(nanos)) {
                        let (handler, context) = bound.value
                        handler.write(response, keepAlive: keepAlive, context: context)
                    }
                }
            }
        }
    }

    private func write(_ response: FakeLavalinkResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: response.body.utf8.count)
        buffer.writeString(response.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(buffer.readableBytes))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
