/// Why `sonora top` could not read a target or a scrape.
public struct DashboardError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; extensible, so new codes do not break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate var name: String
        public var description: String { name }

        /// The URL is not an `http://` URL with a host.
        public static let badURL = Code(name: "bad URL")
        /// The target could not be reached, refused the connection or timed out.
        public static let unreachable = Code(name: "unreachable")
        /// The target answered with a status other than 200.
        public static let badStatus = Code(name: "bad status")
        /// The body is not the Prometheus text exposition format.
        public static let notExposition = Code(name: "not Prometheus text format")
        /// A command-line value is out of range or malformed.
        public static let badOption = Code(name: "bad option")
    }

    public var code: Code
    /// A sentence that names the input and what is wrong with it.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
