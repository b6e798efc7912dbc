/// An unsymbolized stack as the collector produced it, before symbolization.
///
/// This is the contract between the sampler (which fills it) and the profile builder (which
/// symbolizes and interns it into a ``Profile``).
public struct RawSample: Sendable, Hashable {
    public var threadID: Int32
    /// `1 + si_overrun` in CPU mode; 1 in wall mode.
    public var weight: Int
    /// Wall mode only: whether the thread's CPU clock advanced since its previous sample.
    public var onCPU: Bool?
    public var walker: StackWalker
    public var truncated: Bool
    /// Code addresses, leaf first. Index 0 is the interrupted PC; every later entry is a return
    /// address, which the symbolizer looks up as `address - 1`.
    public var addresses: [UInt64]

    public init(threadID: Int32, weight: Int, onCPU: Bool?, walker: StackWalker, truncated: Bool, addresses: [UInt64]) {
        self.threadID = threadID
        self.weight = weight
        self.onCPU = onCPU
        self.walker = walker
        self.truncated = truncated
        self.addresses = addresses
    }
}

/// What a symbolizer knows about one code address.
public struct SymbolInfo: Sendable, Hashable {
    public var function: String
    public var mangledName: String
    /// Path of the object file containing the address, if any.
    public var objectPath: String?
    public var file: String?
    public var line: Int?

    public init(function: String, mangledName: String, objectPath: String?, file: String? = nil, line: Int? = nil) {
        self.function = function
        self.mangledName = mangledName
        self.objectPath = objectPath
        self.file = file
        self.line = line
    }
}
