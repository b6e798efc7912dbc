import SonoraBench
import SonoraMusic

/// Queue operations at 100, 10,000 and 100,000 tracks: append, next, skip, insert in the middle,
/// remove from the middle, move, seeded shuffle, de-duplication and history; `queue.harness.*` is the suite's own
/// cost around one `next()` (queue pick, inout access, keeping the result alive), to read `next` against.
///
/// Each operation acts on one queue of a pool holding about 10,000 tracks in all (100 queues of
/// 100, one of 10,000, one of 100,000), round robin. Before every batch the pool is reset to fresh
/// copies outside the timed region, and the batch is capped so no queue drifts more than 10% from
/// its size.
public enum QueueSuite {
    /// Queue sizes, with their name suffixes.
    static let sizes = [(100, "100"), (10_000, "10k"), (100_000, "100k")]

    /// Every queue benchmark.
    public static var benchmarks: [Benchmark] {
        sizes.flatMap { size, suffix in operations(size: size, suffix: suffix) }
    }

    static func operations(size: Int, suffix: String) -> [Benchmark] {
        let pool = max(1, 10_000 / size)
        let tenth = pool * max(1, size / 10)
        return [
            queueBenchmark("append", suffix, size: size, cap: tenth) { state in
                try state.withNextQueue { queue, tracks in try queue.append(tracks.extra) }
            },
            queueBenchmark("next", suffix, size: size, cap: pool * size / 2) { state in
                state.withNextQueue { queue, _ in blackHole(queue.next()) }
            },
            queueBenchmark("skip", suffix, size: size, cap: pool * size / 6) { state in
                try state.withNextQueue { queue, _ in blackHole(try queue.skip(3)) }
            },
            queueBenchmark("insert", suffix, size: size, cap: tenth) { state in
                try state.withNextQueue { queue, tracks in try queue.insert(tracks.extra, at: queue.count / 2) }
            },
            queueBenchmark("remove", suffix, size: size, cap: tenth) { state in
                try state.withNextQueue { queue, _ in blackHole(try queue.remove(at: queue.count / 2)) }
            },
            queueBenchmark("move", suffix, size: size, cap: .max) { state in
                try state.withNextQueue { queue, _ in try queue.move(from: queue.count / 4, to: queue.count * 3 / 4) }
            },
            queueBenchmark("shuffle", suffix, size: size, cap: .max) { state in
                state.withNextQueue { queue, tracks in queue.shuffle(using: &tracks.generator) }
            },
            queueBenchmark("dedupe", suffix, size: size, cap: .max, deduplicating: true) { state in
                state.withNextQueue { queue, tracks in
                    // Adding a track that is already queued: the de-duplication check refuses it.
                    do {
                        try queue.append(tracks.duplicate)
                    } catch {
                        blackHole(error)
                    }
                }
            },
            // The benchmark's own cost around a `next()`: picking the queue (round robin), the inout access, and
            // handing a track to `blackHole` (borrowed: no retain); `next` pays it too.
            queueBenchmark("harness", suffix, size: size, cap: pool * size / 2) { state in
                state.withNextQueue { _, tracks in blackHole(tracks.extra) }
            },
            queueBenchmark("history", suffix, size: size, cap: pool * size / 2, history: true) { state in
                try state.withNextQueue { queue, _ in blackHole(try queue.back()) }
            },
        ]
    }

    /// The state of a queue benchmark: the pristine queues, the working copies, and inputs.
    struct State {
        var pristine: [TrackQueue]
        /// The working copies, in memory the suite allocates itself: reaching `queues[index]` in place then costs
        /// no copy-on-write check and no bounds check of an array, which are the suite's costs, not the queue's.
        let queues: UnsafeMutableBufferPointer<TrackQueue>
        var next = 0
        var inputs: Inputs

        init(pristine: [TrackQueue], inputs: Inputs) {
            self.pristine = pristine
            queues = .allocate(capacity: pristine.count)
            _ = queues.initialize(fromContentsOf: pristine.map(fresh))
            self.inputs = inputs
        }

        /// Replaces the working copies with fresh copies of the pristine queues, and starts the round robin over.
        mutating func reset() {
            _ = queues.update(fromContentsOf: pristine.map(fresh))
            next = 0
        }

        /// Frees the working copies.
        func deallocate() {
            queues.deinitialize()
            queues.deallocate()
        }

        /// Runs `body` on the next queue of the pool (round robin) and the inputs. Always inlined, with `body`, into
        /// each benchmark's operation, so the only closure call per operation is the runner's.
        @inline(__always)
        mutating func withNextQueue<R>(_ body: (inout TrackQueue, inout Inputs) throws -> R) rethrows -> R {
            let index = next
            next = index + 1 == queues.count ? 0 : index + 1
            return try body(&queues.baseAddress.unsafelyUnwrapped[index], &inputs)
        }
    }

    /// What operations read besides the queue.
    struct Inputs {
        /// A track not in any queue, for appends and inserts.
        var extra: Track
        /// A track already in every queue, for the de-duplication check.
        var duplicate: Track
        var generator = SplitMix64(seed: 0x50_4E_4F_52_41)
    }

    /// Declares `queue.<operation>.<suffix>`.
    static func queueBenchmark(
        _ name: String, _ suffix: String, size: Int, cap: Int, deduplicating: Bool = false, history: Bool = false,
        _ operation: @escaping @Sendable (inout State) throws -> Void
    ) -> Benchmark {
        let pool = max(1, 10_000 / size)
        return Benchmark(
            "queue.\(name).\(suffix)", tags: ["queue"], maxBatchSize: max(cap, 1),
            setUp: { () throws -> State in
                let corpus = try Corpus.shared()
                let tracks = corpus.uniqueTracks(size + 1)
                var queue = TrackQueue(
                    options: .init(historyCapacity: history ? size : 25, deduplicatesByIdentifier: deduplicating))
                try queue.append(contentsOf: tracks.prefix(size))
                if history {
                    // Play the whole queue so the history holds `size` tracks, then refill it.
                    while queue.next() != nil {}
                    try queue.append(contentsOf: tracks.prefix(size).map { track -> Track in
                        var copy = track
                        copy.identifier += "-again"
                        return copy
                    })
                }
                return State(
                    pristine: Array(repeating: queue, count: pool),
                    inputs: Inputs(extra: tracks[size], duplicate: tracks[size / 2]))
            },
            beforeBatch: { state, _ in state.reset() },
            tearDown: { state in state.deallocate() },
            operation: operation)
    }

    /// A copy of `queue` with its own storage, so the timed operation never pays for copy-on-write.
    static func fresh(_ queue: TrackQueue) -> TrackQueue {
        var copy = queue
        copy.repeatMode = queue.repeatMode
        var probe = Track(title: "", author: "", length: 0, identifier: "sonora-fresh-probe", isStream: false, sourceName: "x")
        probe.position = 0
        if (try? copy.append(probe)) != nil { _ = try? copy.remove(at: copy.count - 1) }
        if !copy.history.isEmpty, (try? copy.back()) != nil { copy.next() }
        return copy
    }
}
