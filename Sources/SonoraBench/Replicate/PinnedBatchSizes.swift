/// The batch size each benchmark's first successful process chose, given to every later process
/// of that benchmark so all of them time batches of the same length.
///
/// A batch's cost per operation can depend on its length: a queue that `prepare` builds is in
/// cache for the first operations only, and a benchmark that drifts its state drifts further in a
/// longer batch. The warmup chooses the length from how fast the machine is at that moment, so
/// without a pin two processes (or the two sides of an A/B run) would measure different amounts
/// of that effect: `queue.move.10k` ran 29.6 µs per move in batches of 23 and 22.6 µs in batches
/// of 89 in one same-build A/B run, which the gate called an improvement.
struct PinnedBatchSizes: Sendable {
    private(set) var sizes: [String: Int]

    /// Starts with `sizes` already pinned (from a baseline report), the others open.
    init(_ sizes: [String: Int] = [:]) {
        self.sizes = sizes
    }

    /// The size to ask for `benchmark`'s next process: `nil` until one process has succeeded.
    subscript(benchmark: String) -> Int? { sizes[benchmark] }

    /// Pins the first successful result's batch size, and warns on a later result that timed a
    /// different one (a binary older than the pin ignores it).
    mutating func record(_ result: inout BenchmarkResult) {
        guard result.status == .ok, result.batchSize > 0 else { return }
        guard let pinned = sizes[result.name] else {
            sizes[result.name] = result.batchSize
            return
        }
        if result.batchSize != pinned {
            result.warnings.append(
                "this process timed batches of \(result.batchSize) operations, not the pinned \(pinned): a binary "
                    + "older than batch pinning ignores the pin, so per-operation costs that depend on the batch size differ")
        }
    }
}
