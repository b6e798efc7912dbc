import CSonoraSampler
import Synchronization

/// State one sampling session shares between its threads.
final class SessionShared: Sendable {
    let configuration: PerformanceProfiler.Configuration
    /// Fired when the timer manager / wall sampler must stop.
    let stopDriving: Wakeup
    /// Rung when the collector must look now: a thread appeared (its first samples are copied
    /// through the kernel until the collector looks its stack bounds up), or `stopCollector()`.
    let collectorDoorbell: Wakeup
    /// Set before the last ring: the collector drains what is left and exits.
    let collectorMustStop = Atomic<Bool>(false)
    /// The sampler's own threads, never sampled.
    let ownThreads = Mutex<Set<Int32>>([])
    /// Names of the threads seen, read from `comm` while they are alive.
    let threadNames = Mutex<[Int32: String]>([:])
    /// Threads that blocked the sampling signal when first seen.
    let threadsBlockingSignal = Mutex<Set<Int32>>([])
    /// Serializes writers of the C stack-bounds table (the handler only reads it).
    let boundsWriter = Mutex<Void>(())
    /// Timers that could not be created (a thread exited between scan and `timer_create`).
    let timerFailures = Atomic<Int>(0)

    /// Slots in the handler's slot pool: 16 MiB of stack copies, 64...1024 slots.
    static func slotCount(for configuration: PerformanceProfiler.Configuration) -> Int {
        max(64, min(1024, (16 << 20) / configuration.stackCopyBytes))
    }

    init(configuration: PerformanceProfiler.Configuration) throws {
        self.configuration = configuration
        self.stopDriving = try Wakeup()
        self.collectorDoorbell = try Wakeup()
    }

    /// Tells the collector to drain what is left and exit.
    func stopCollector() {
        collectorMustStop.store(true, ordering: .sequentiallyConsistent)
        collectorDoorbell.fire()
    }

    /// Records the calling thread as one of the sampler's own.
    func registerOwnThread() {
        let tid = sonora_gettid()
        ownThreads.withLock { _ = $0.insert(tid) }
    }

    /// Remembers the name of a newly seen thread, and whether it blocks the sampling signal.
    func noteThread(_ tid: Int32) {
        collectorDoorbell.fire()
        let name = ThreadDirectory.name(of: tid)
        threadNames.withLock { $0[tid] = name }
        if ThreadDirectory.blocksSignal(tid, configuration.signal) == true {
            threadsBlockingSignal.withLock { _ = $0.insert(tid) }
        }
    }

    /// Records or removes (`nil`) a thread's stack bounds in the handler's table.
    func setStackBounds(_ tid: Int32, _ bounds: (low: UInt64, high: UInt64)?) {
        boundsWriter.withLock { _ in
            sonora_sampler_set_stack_bounds(tid, bounds?.low ?? 0, bounds?.high ?? 0)
        }
    }
}
