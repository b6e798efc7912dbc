// A small HTTP/1.1 server built with SwiftNIO and no knowledge of Sonora: the program the preload
// library's tests and benchmarks profile from outside.
//
//   PlainNIOServer [PORT]     listens on 127.0.0.1:PORT (0 for any free port), prints "port N"
//   GET /            "hello\n"
//   GET /work?n=N    runs checksumWork(N) and answers its result
//   GET /exit        answers, then calls exit(0) (the atexit path)
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import NIOPosix

/// CPU work with a name that a profile can find.
@inline(never)
func checksumWork(_ rounds: Int) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for index in 0..<max(rounds, 0) {
        hash = (hash ^ UInt64(truncatingIfNeeded: index)) &* 0x100_0000_01b3
    }
    return hash
}

final class PlainHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    private var uri = ""

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): uri = head.uri
        case .body: break
        case .end: respond(context)
        }
    }

    private func respond(_ context: ChannelHandlerContext) {
        var body = "hello\n"
        var exitAfter = false
        if uri.hasPrefix("/work") {
            let rounds = max(0, uri.split(separator: "=").last.flatMap { Int($0) } ?? 1000)
            body = "\(checksumWork(rounds))\n"
        } else if uri == "/exit" {
            body = "bye\n"
            exitAfter = true
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if exitAfter { exit(0) }
        }
    }
}

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 0 : 0
let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
let channel = try ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelInitializer { channel in
        channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(PlainHandler()) }
    }
    .bind(host: "127.0.0.1", port: port).wait()
print("port \(channel.localAddress!.port!)")
fflush(nil)
try channel.closeFuture.wait()
