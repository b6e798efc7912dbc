import SonoraProfiler

/// One function's share of a profile's samples.
public struct FunctionShare: Sendable, Codable, Hashable {
    public var name: String
    public var module: String
    /// Fraction of samples with the function at the leaf.
    public var selfShare: Double
    /// Fraction of samples with the function anywhere on the stack.
    public var cumulativeShare: Double

    /// The function, as every profile view names it (a report does not keep its file).
    public var function: FunctionKey { FunctionKey(name: name, module: module, file: nil) }
}
