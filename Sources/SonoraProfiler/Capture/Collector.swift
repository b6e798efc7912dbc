import CSonoraSampler
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// What the collector thread produced over a session.
struct CollectorOutput: Sendable {
    var samples: [RawSample] = []
    var handlerNanos: [UInt64] = []
    var unwindNanosTotal: UInt64 = 0
    /// CPU time of the collector thread over the session, wake-ups and bookkeeping included.
    var threadCPUNanos: UInt64 = 0
    var fallbacks = 0
    var copyLimitHits = 0
}

/// The collector thread: drains ready slots, unwinds each copied stack with libunwind's remote
/// API (in C), and looks up stack bounds for threads the handler did not know yet.
final class Collector: Sendable {
    private let shared: SessionShared
    private let output = Mutex(CollectorOutput())
    /// Samples unwound so far; the stress test's watchdog reads it.
    let progress = Atomic<Int>(0)

    init(shared: SessionShared) {
        self.shared = shared
    }

    /// The collector's loop; returns after `stopCollector()` and once the pool is empty.
    func run() {
        shared.registerOwnThread()
        defer {
            let cpu = SamplerSystem.threadCPUNanos(sonora_gettid()) ?? 0
            output.withLock { $0.threadCPUNanos = UInt64(max(0, cpu)) }
        }
        let maxDepth = shared.configuration.maxDepth
        let addresses = UnsafeMutablePointer<UInt64>.allocate(capacity: maxDepth)
        defer { addresses.deallocate() }
        var local = CollectorOutput()
        var bounds = StackBoundsLookups()
        var pacing = CollectorPacing(
            slotCount: SessionShared.slotCount(for: shared.configuration),
            cpuModeProcessors: shared.configuration.mode == .cpu ? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) : nil)
        var finishing = false
        while true {
            var collected = sonora_collected_sample()
            var drained = 0
            while drained < 4096, sonora_collect_one(&collected, addresses, Int32(maxDepth)) {
                drained += 1
                record(collected, addresses, into: &local)
                if !collected.bounds_known, bounds.shouldLookUp(collected.tid, now: collected.timestamp_ns) {
                    // A thread whose bounds are unknown, or no longer hold its SP: ask glibc.
                    var low: UInt64 = 0, high: UInt64 = 0
                    if sonora_thread_stack_bounds(collected.tid, collected.thread_handle, &low, &high) == 0 {
                        shared.setStackBounds(collected.tid, (low, high))
                    }
                }
            }
            if drained > 0 {
                progress.add(drained, ordering: .relaxed)
                let batch = local
                local = CollectorOutput()
                output.withLock { $0.append(batch) }
                if drained == 4096 { continue }
            }
            if finishing { break }
            // Once stop rang, loop one more time: the handler is uninstalled by then, so one
            // final pass empties the pool.
            pacing.update(drained: drained)
            if shared.collectorDoorbell.wait(nanoseconds: pacing.interval) {
                shared.collectorDoorbell.reset()
                finishing = shared.collectorMustStop.load(ordering: .sequentiallyConsistent)
                pacing.hurry()
            }
        }
    }

    /// Takes everything collected so far.
    func takeOutput() -> CollectorOutput {
        output.withLock { output in
            let result = output
            output = CollectorOutput()
            return result
        }
    }

    private func record(_ sample: sonora_collected_sample, _ addresses: UnsafeMutablePointer<UInt64>, into output: inout CollectorOutput) {
        let walker: StackWalker
        switch sample.walker {
        case .SONORA_WALKER_LIBUNWIND_REMOTE: walker = .libunwindRemote
        case .SONORA_WALKER_FRAME_POINTER: walker = .framePointer
        case .SONORA_WALKER_PC_ONLY: walker = .pcOnly
        }
        if sample.walker != .SONORA_WALKER_LIBUNWIND_REMOTE { output.fallbacks += 1 }
        if sample.copy_limit_hit { output.copyLimitHits += 1 }
        output.handlerNanos.append(sample.handler_ns)
        output.unwindNanosTotal += sample.unwind_ns
        output.samples.append(RawSample(
            threadID: sample.tid,
            weight: Int(sample.weight),
            onCPU: sample.cpu_state == .SONORA_CPU_STATE_UNKNOWN ? nil : sample.cpu_state == .SONORA_CPU_STATE_ON,
            walker: walker,
            truncated: sample.truncated,
            addresses: Array(UnsafeBufferPointer(start: addresses, count: Int(sample.depth)))))
    }
}

/// When the collector may look a thread's stack bounds up again: at its first sample with
/// unknown bounds, then at most every ``interval`` nanoseconds while it keeps reporting them
/// unknown (a thread on a sigaltstack or a coroutine stack never finds SP inside its bounds).
struct StackBoundsLookups {
    /// The least time between two lookups for one thread.
    static let interval: UInt64 = 100_000_000
    private var last: [Int32: UInt64] = [:]

    /// Whether to look `tid` up now, and if so notes the lookup.
    mutating func shouldLookUp(_ tid: Int32, now: UInt64) -> Bool {
        if let previous = last[tid], now &- previous < Self.interval { return false }
        last[tid] = now
        return true
    }
}

extension CollectorOutput {
    mutating func append(_ other: CollectorOutput) {
        samples.append(contentsOf: other.samples)
        handlerNanos.append(contentsOf: other.handlerNanos)
        unwindNanosTotal += other.unwindNanosTotal
        fallbacks += other.fallbacks
        copyLimitHits += other.copyLimitHits
    }
}
