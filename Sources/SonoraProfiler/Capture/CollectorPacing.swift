import CSonoraSampler

/// How long the collector sleeps between two drains of the slot pool.
///
/// Every wake-up costs a context switch, and the first sample unwound after a sleep finds
/// libunwind's caches, `.eh_frame` and the copied stack cold, while the next ones of the same
/// threads reuse them. In CPU mode a thread yields a sample per 4 ms scheduler tick at most, so
/// the former fixed 5 ms poll unwound about one cold sample per wake-up. The pacing therefore
/// sleeps as long as it can while the backlog found at a wake-up stays well inside the slots
/// `sonora_pool_prepare` faulted in (the handler takes the lowest free slot, so a backlog of
/// `n` samples means it writes slots `0..<n`), and hurries when it grows or a thread appears.
///
/// Measured with a C harness driving the real handler and collector on one CPU-bound thread at
/// 1 kHz (docs/profiler.md): unwinding went from 5.0–6.8 µs per sample at a 5 ms poll to
/// 2.6–2.8 µs at 50 ms, and the collector thread's CPU per sample from 16–37 µs to 5–6 µs.
struct CollectorPacing {
    /// The shortest sleep, when the pool fills fast.
    static let shortest: Int64 = 1_000_000
    /// The longest sleep by default (wall mode): at 250 signals per CPU-second per thread, a
    /// dozen samples per thread.
    static let longest: Int64 = 50_000_000
    /// The longest sleep in CPU mode on a machine with few CPUs, where the signals per second are
    /// bounded by 250 per CPU (the tick limit): see ``init(slotCount:cpuModeProcessors:)``.
    static let longestInCPUMode: Int64 = 200_000_000
    /// The first sleep, before anything is known about the sampling rate.
    static let initial: Int64 = 5_000_000

    /// The next sleep, in nanoseconds.
    private(set) var interval: Int64 = Self.initial
    /// The longest sleep for this session.
    let longestInterval: Int64
    private let warmSlots: Int
    private let slotCount: Int
    /// The backlog that shortens the sleep: half the warm slots, three quarters in CPU mode.
    private let shortenAt: Int

    /// - Parameters:
    ///   - slotCount: The slots in the pool.
    ///   - cpuModeProcessors: In CPU mode, the processors the process can run on; `nil` in wall
    ///     mode. Every wake-up costs the collector about as much CPU as unwinding a few samples
    ///     (a context switch on a VM, cold caches), and when the sampled threads get little CPU a
    ///     50 ms sleep finds only a few samples. In CPU mode the kernel sends at most 250 signals
    ///     per CPU-second, so a sleep that lets a quarter of the pool fill at that rate on every
    ///     processor cannot overflow it: up to 200 ms on 2 processors, 50 ms from 11 on. The
    ///     backlog that shortens the sleep is then three quarters of the warm slots instead of
    ///     half, still inside the slots `sonora_pool_prepare` faulted in, so a steady ~100 samples
    ///     per second settle at 200 ms instead of 100 ms.
    init(slotCount: Int, cpuModeProcessors: Int? = nil) {
        self.slotCount = slotCount
        let warmSlots = max(1, min(slotCount, Int(SONORA_POOL_WARM_SLOTS)))
        self.warmSlots = warmSlots
        if let processors = cpuModeProcessors {
            let fill = Int64(slotCount / 4) * 1_000_000_000 / (250 * Int64(max(processors, 1)))
            longestInterval = min(Self.longestInCPUMode, max(Self.longest, fill))
            shortenAt = (warmSlots * 3 + 3) / 4
        } else {
            longestInterval = Self.longest
            shortenAt = (warmSlots + 1) / 2
        }
    }

    /// Adapts the sleep to the backlog the last wake-up found: shorter when it used half the
    /// warm slots (three quarters in CPU mode) or an eighth of the pool, longer when it used less
    /// than a quarter of them.
    mutating func update(drained: Int) {
        if drained >= shortenAt || drained * 8 >= slotCount {
            interval = max(Self.shortest, interval / 4)
        } else if drained * 4 < warmSlots {
            interval = min(longestInterval, interval * 2)
        }
    }

    /// Restarts from the shortest sleep: a new thread's first samples are copied through the
    /// kernel (about 3 µs more each) until the collector looks its stack bounds up.
    mutating func hurry() {
        interval = Self.shortest
    }
}
