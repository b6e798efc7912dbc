/// Why an operations component (alerts, health checks, monitors) refused a configuration or failed.
public struct OperationsError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; extensible, so new codes do not break callers' switches.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate var name: String
        public var description: String { name }

        /// A configuration value is out of range or malformed.
        public static let badConfiguration = Code(name: "bad configuration")
        /// A remote answered with something other than what was asked for.
        public static let badResponse = Code(name: "bad response")
        /// A remote could not be reached in time.
        public static let unreachable = Code(name: "unreachable")
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
