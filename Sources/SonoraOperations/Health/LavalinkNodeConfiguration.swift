/// Where a Lavalink node is and how to authenticate to it.
///
/// The password is sent only as the `Authorization` header; ``description`` and every log line,
/// alert and metric label name the node by ``name`` and ``address``, never the password.
public struct LavalinkNodeConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// A short name used in labels and alerts, for example `eu-1`.
    public var name: String
    public var host: String
    public var port: Int
    public var password: String
    /// Whether to use HTTPS.
    public var secure: Bool

    /// Creates a node configuration.
    /// - Throws: ``OperationsError`` `.badConfiguration` naming the field when the name or host is
    ///   empty or the port is outside 1…65535.
    public init(name: String, host: String, port: Int = 2333, password: String, secure: Bool = false) throws {
        guard !name.isEmpty else { throw OperationsError(.badConfiguration, "a Lavalink node needs a name") }
        guard !host.isEmpty, !host.contains("/") else {
            throw OperationsError(.badConfiguration, "node \(name): host \"\(host)\" is not a host name or address")
        }
        guard (1...65535).contains(port) else { throw OperationsError(.badConfiguration, "node \(name): port \(port) is outside 1…65535") }
        self.name = name
        self.host = host
        self.port = port
        self.password = password
        self.secure = secure
    }

    /// `http(s)://host:port`, with IPv6 hosts bracketed.
    public var baseURL: String {
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(secure ? "https" : "http")://\(shownHost):\(port)"
    }

    /// `host:port`, for messages.
    public var address: String { "\(host):\(port)" }

    public var description: String { "\(name) (\(address))" }
}
