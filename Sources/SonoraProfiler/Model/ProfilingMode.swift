/// What a profiling session measures.
///
/// A struct rather than an enum, so that new modes (allocations, off-CPU only) can be added
/// without breaking exhaustive switches in user code.
public struct ProfilingMode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Samples each thread on its own CPU-time clock: where the CPU time went.
    public static let cpu = ProfilingMode(rawValue: "cpu")
    /// Samples every thread on the wall clock: where the time went, including blocking and sleep.
    public static let wall = ProfilingMode(rawValue: "wall")

    public var description: String { rawValue }
}
