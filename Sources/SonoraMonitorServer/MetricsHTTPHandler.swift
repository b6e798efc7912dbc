import NIOCore
import NIOHTTP1
import SonoraMonitor

/// Answers one HTTP/1.1 request at a time: `/metrics`, `/health`, or 404.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let monitor: PerformanceMonitor
    private let includeProcessMetrics: Bool
    private var head: HTTPRequestHead?

    init(monitor: PerformanceMonitor, includeProcessMetrics: Bool) {
        self.monitor = monitor
        self.includeProcessMetrics = includeProcessMetrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request): head = request
        case .body: break
        case .end:
            guard let request = head else { return }
            head = nil
            respond(to: request, context: context)
        }
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        let (status, contentType, body): (HTTPResponseStatus, String, String)
        switch (request.method, path) {
        case (.GET, "/metrics"), (.HEAD, "/metrics"):
            let extra = includeProcessMetrics ? ProcessMetrics.collect() : []
            (status, contentType, body) = (.ok, PrometheusText.contentType, PrometheusText.render(monitor.registry, extra: extra))
        case (.GET, "/health"), (.HEAD, "/health"):
            (status, contentType, body) = (.ok, "text/plain; charset=utf-8", "ok\n")
        default:
            (status, contentType, body) = (.notFound, "text/plain; charset=utf-8", "not found\n")
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
