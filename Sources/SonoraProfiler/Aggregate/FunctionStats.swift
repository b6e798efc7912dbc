/// Time attributed to one function over a profile, as pstats reports it.
public struct FunctionStats: Sendable, Hashable, Codable {
    /// Demangled name.
    public var name: String
    public var mangledName: String
    public var module: String
    public var file: String?
    /// The smallest line number seen for the function, standing in for its first line.
    public var line: Int?
    /// Weighted samples with this function at the leaf (pstats `tottime`, in samples).
    public var selfSamples: Int
    /// Weighted samples with this function anywhere on the stack, counted once per sample even
    /// under recursion (pstats `cumtime`, in samples).
    public var totalSamples: Int
    /// `selfSamples × period`, in seconds.
    public var selfTime: Double
    /// `totalSamples × period`, in seconds.
    public var cumulativeTime: Double
}

/// Identifies a function across frames: frames at different addresses of one function share it.
public struct FunctionKey: Sendable, Hashable, Codable {
    public var name: String
    public var module: String
    public var file: String?

    public init(name: String, module: String, file: String?) {
        self.name = name
        self.module = module
        self.file = file
    }

    public init(_ frame: Frame) {
        self.init(name: frame.function, module: frame.module, file: frame.file)
    }
}

/// A caller→callee edge, weighted by the samples in which the caller directly called the callee.
public struct CallEdge: Sendable, Hashable, Codable {
    public var caller: FunctionKey
    public var callee: FunctionKey
    /// Weighted samples where `callee` is the leaf and `caller` its direct caller.
    public var selfSamples: Int
    /// Weighted samples where this edge appears, counted once per sample.
    public var totalSamples: Int
}
