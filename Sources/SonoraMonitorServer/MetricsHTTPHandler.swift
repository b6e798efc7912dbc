import NIOCore
import Foundation
import NIOHTTP1
import SonoraMonitor
import SonoraProfiler

/// Answers one HTTP/1.1 request at a time: `/metrics`, `/health`, `/debug/pprof/{profile,wall}`, or 404.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let monitor: PerformanceMonitor
    private let includeProcessMetrics: Bool
    private let configuration: MetricsServer.Configuration
    private var head: HTTPRequestHead?

    init(monitor: PerformanceMonitor, includeProcessMetrics: Bool, configuration: MetricsServer.Configuration) {
        self.monitor = monitor
        self.includeProcessMetrics = includeProcessMetrics
        self.configuration = configuration
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
        let parts = request.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first.map(String.init) ?? request.uri
        if request.method == .GET, configuration.profilingEnabled, let mode = PprofEndpoint.paths[path] {
            return profile(mode, query: parts.count > 1 ? parts[1] : nil, request: request, context: context)
        }
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
        send(status, contentType, context.channel.allocator.buffer(string: body), to: request, context: context)
    }

    /// Records on a task, off the event loop, and answers when the profile is ready.
    private func profile(_ mode: ProfilingMode, query: Substring?, request: HTTPRequestHead, context: ChannelHandlerContext) {
        let text = "text/plain; charset=utf-8"
        let seconds: Int
        switch PprofEndpoint.parse(mode: mode, query: query, maxSeconds: configuration.maxProfileSeconds) {
        case .refuse(let status, let message):
            return send(status, text, context.channel.allocator.buffer(string: message), to: request, context: context)
        case .record(_, let asked):
            seconds = asked
        }
        guard PprofEndpoint.claim() else {
            let message = "a profile is already being recorded in this process; try again when it finishes\n"
            return send(.conflict, text, context.channel.allocator.buffer(string: message), to: request, context: context)
        }
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        let frequency = configuration.profileFrequency
        let promise = loop.makePromise(of: Result<Data, PprofEndpoint.Failure>.self)
        Task { promise.succeed(await PprofEndpoint.record(mode: mode, seconds: seconds, frequency: frequency)) }
        promise.futureResult.whenSuccess { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let data):
                handler.send(.ok, PprofEndpoint.contentType, context.channel.allocator.buffer(bytes: data), to: request, context: context)
            case .failure(let failure):
                handler.send(failure.status, text, context.channel.allocator.buffer(string: failure.message), to: request, context: context)
            }
        }
    }

    private func send(_ status: HTTPResponseStatus, _ contentType: String, _ body: ByteBuffer, to request: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
