/// One named benchmark: how to set up its state, the operation to time, and how to clean up.
///
/// ```swift
/// let sum = Benchmark("math.sum.1k", tags: ["math"], setUp: { Array(0..<1_000) }) { numbers in
///     blackHole(numbers.reduce(0, +))
/// }
/// ```
///
/// The runner calls `operation` many times per timed sample (a batch), so even a 10 ns operation is
/// measured well. `beforeBatch` runs outside the timed region before every batch with the batch's
/// operation count, so a benchmark whose operation changes its state can restore it.
public struct Benchmark: Sendable {
    /// Dotted name, for example `queue.shuffle.10k`; `--filter` matches it.
    public let name: String
    public let tags: Set<String>
    /// The most operations the runner puts in one batch.
    public let maxBatchSize: Int
    /// Whether CPU time, allocations and context switches are counted per thread or per process.
    public let scope: MeasurementScope
    /// The benchmark this one is measured against, for example an unprofiled run of the same work:
    /// the run prints their ratio, paired by round (both run in every round, in random order).
    public private(set) var baseline: String?
    let makeInstance: @Sendable () async throws -> BenchmarkInstance

    /// Declares a synchronous benchmark with state.
    ///
    /// - Parameters:
    ///   - name: The benchmark's unique dotted name.
    ///   - tags: Free-form labels.
    ///   - maxBatchSize: The most operations per batch, for operations that drift their state.
    ///   - setUp: Builds the state once, outside all timing.
    ///   - beforeBatch: Runs before every batch, untimed, with the number of operations to come.
    ///   - tearDown: Runs once after the benchmark.
    ///   - operation: The timed operation.
    public init<State>(
        _ name: String, tags: Set<String> = [], maxBatchSize: Int = .max,
        setUp: @escaping @Sendable () async throws -> State,
        beforeBatch: (@Sendable (inout State, Int) throws -> Void)? = nil,
        tearDown: @escaping @Sendable (inout State) async -> Void = { _ in },
        operation: @escaping @Sendable (inout State) throws -> Void
    ) {
        self.name = name
        self.tags = tags
        self.maxBatchSize = max(1, maxBatchSize)
        self.scope = .thread
        self.makeInstance = {
            let box = StateBox(try await setUp())
            return BenchmarkInstance(
                prepare: { count in try beforeBatch?(&box.state, count) },
                run: .sync({ count in
                    for _ in 0..<count { try operation(&box.state) }
                }),
                tearDown: { await tearDown(&box.state) })
        }
    }

    /// Declares a synchronous benchmark without state.
    ///
    /// - Parameters:
    ///   - name: The benchmark's unique dotted name.
    ///   - tags: Free-form labels.
    ///   - operation: The timed operation.
    public init(_ name: String, tags: Set<String> = [], operation: @escaping @Sendable () throws -> Void) {
        self.init(name, tags: tags, setUp: {}, operation: { _ in try operation() })
    }

    /// Declares an asynchronous benchmark with state; it is measured per process.
    ///
    /// - Parameters:
    ///   - name: The benchmark's unique dotted name.
    ///   - tags: Free-form labels.
    ///   - maxBatchSize: The most operations per batch.
    ///   - setUp: Builds the state once, outside all timing, for example starts a server.
    ///   - tearDown: Runs once after the benchmark, for example stops the server.
    ///   - operation: The timed asynchronous operation.
    public init<State: Sendable>(
        _ name: String, tags: Set<String> = [], maxBatchSize: Int = .max,
        setUp: @escaping @Sendable () async throws -> State,
        tearDown: @escaping @Sendable (State) async -> Void = { _ in },
        asyncOperation: @escaping @Sendable (State) async throws -> Void
    ) {
        self.name = name
        self.tags = tags
        self.maxBatchSize = max(1, maxBatchSize)
        self.scope = .process
        self.makeInstance = {
            let state = try await setUp()
            return BenchmarkInstance(
                prepare: { _ in },
                run: .async({ count in
                    for _ in 0..<count { try await asyncOperation(state) }
                }),
                tearDown: { await tearDown(state) })
        }
    }
}

extension Benchmark {
    /// This benchmark, reported as a ratio to `name` (paired per round) besides its own figures.
    ///
    /// - Parameter name: Another benchmark of the same run, for example `profiler.workload.unprofiled`.
    /// - Returns: A copy with ``baseline`` set.
    public func relative(to name: String) -> Benchmark {
        var copy = self
        copy.baseline = name
        return copy
    }
}

/// A benchmark's live state, erased to closures the runner calls.
final class BenchmarkInstance {
    enum Body {
        case sync((Int) throws -> Void)
        case async((Int) async throws -> Void)
    }

    let prepare: (Int) throws -> Void
    let run: Body
    let tearDown: () async -> Void

    init(prepare: @escaping (Int) throws -> Void, run: Body, tearDown: @escaping () async -> Void) {
        self.prepare = prepare
        self.run = run
        self.tearDown = tearDown
    }
}

/// Holds a benchmark's mutable state for the closures that share it; used by one thread at a time.
final class StateBox<State> {
    var state: State
    init(_ state: State) { self.state = state }
}
