/// Whether a benchmark's CPU time, allocations and context switches are counted for its own
/// thread or for the whole process.
public struct MeasurementScope: RawRepresentable, Hashable, Sendable, Codable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Synchronous benchmarks run on one thread; only that thread is counted, so concurrent work
    /// elsewhere in the process does not leak into the numbers.
    public static let thread = MeasurementScope(rawValue: "thread")
    /// Asynchronous benchmarks hop threads and may use event loops; the process is counted.
    public static let process = MeasurementScope(rawValue: "process")
}
