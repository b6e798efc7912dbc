// A small Hummingbird 2 server with no knowledge of Sonora, for profiling from outside
// (`LD_PRELOAD=libSonoraPreload.so`, `sonora record -- hummingbird-server`).
//
//   hummingbird-server [PORT]   listens on 127.0.0.1:PORT (PORT from argv, else $PORT, else 0 for
//                               any free port) and prints "port N" once it listens
//   GET /health                 "ok\n"
//   GET /work?n=N               runs checksumWork(N) and answers its result
// SIGTERM and SIGINT shut it down gracefully (Hummingbird's service lifecycle), so main returns.
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging

/// CPU work with a name that a profile can find (the same loop as PlainNIOServer's).
@inline(never)
func checksumWork(_ rounds: Int) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for index in 0..<max(rounds, 0) {
        hash = (hash ^ UInt64(truncatingIfNeeded: index)) &* 0x100_0000_01b3
    }
    return hash
}

let portText = CommandLine.arguments.dropFirst().first ?? getenv("PORT").map { String(cString: $0) } ?? "0"
guard let port = Int(portText), (0...65535).contains(port) else {
    let message = "hummingbird-server: port '\(portText)' is not a number from 0 to 65535\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

var logger = Logger(label: "hummingbird-server")
logger.logLevel = .warning

let router = Router()
router.get("health") { _, _ in "ok\n" }
router.get("work") { request, _ -> String in
    let rounds = request.uri.queryParameters.get("n", as: Int.self) ?? 1000
    return "\(checksumWork(rounds))\n"
}

let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in
        print("port \(channel.localAddress?.port ?? port)")
        fflush(nil)
    },
    logger: logger
)
try await app.runService()
