import CSonoraSampler
import Foundation
import Synchronization
@testable import SonoraProfiler
import Testing

/// Every test that runs a profiling session. They are serialized because only one session runs
/// per process; each asserts only on its own threads' samples, since other test targets keep
/// running concurrently in the same process.
@Suite("The sampler", .serialized)
struct SamplerTests {
    // In debug builds both loops call `IndexingIterator.next()` in libswiftSwiftOnoneSupport; a
    // sample at its `ret` (after `pop %rbp`) needs the red zone below SP to unwind. Without it,
    // ~4% of the thread's weight fell back to the frame-pointer walk, which skips the caller, and
    // the split was off by 3-5 points.
    @Test("A 30/70 split between two functions is attributed within 3 points")
    func knownSplitIsAttributed() throws {
        let profiler = PerformanceProfiler(configuration: .init(mode: .cpu, frequency: 1000))
        let tid = sonora_gettid()
        try SamplerTestSupport.start(profiler)
        var shortCPU = 0.0, longCPU = 0.0
        // 6 s of CPU: at the kernel's 250 Hz tick that is ~1,500 samples, so sampling noise alone
        // stays near 1 point.
        for _ in 0..<60 {
            shortCPU += SamplerClock.burnCPU(seconds: 0.03) { samplerSink &+= samplerSplitShort(20_000) }
            longCPU += SamplerClock.burnCPU(seconds: 0.07) { samplerSink &+= samplerSplitLong(20_000) }
        }
        let profile = try profiler.stop()

        let short = SamplerTestSupport.weight(of: "samplerSplitShort", in: profile, thread: tid)
        let long = SamplerTestSupport.weight(of: "samplerSplitLong", in: profile, thread: tid)
        #expect(short + long > 300, "too few samples on the test thread: \(short) + \(long)")
        let measured = 100 * Double(short) / Double(max(short + long, 1))
        let truth = 100 * shortCPU / (shortCPU + longCPU)
        #expect(abs(measured - truth) <= 3, "attributed \(measured)% to the short function, ground truth \(truth)%")
        let mine = profile.samples.filter { $0.threadID == tid }
        let fellBack = mine.filter { $0.walker != .libunwindRemote }.reduce(0) { $0 + $1.weight }
        #expect(fellBack * 100 <= mine.reduce(0) { $0 + $1.weight }, "\(fellBack) weighted samples left libunwind")
        // Overrun weighting: weighted samples × period add up to the thread's CPU time even
        // though CPU timers fire at most once per kernel tick.
        let threadWeight = profile.samples.filter { $0.threadID == tid }.reduce(0) { $0 + $1.weight }
        let sampledSeconds = Double(threadWeight) * profile.period
        #expect(abs(sampledSeconds - (shortCPU + longCPU)) <= 0.2 * (shortCPU + longCPU),
                "weighted samples stand for \(sampledSeconds) s, the thread used \(shortCPU + longCPU) s")
        #expect(profile.health.samplesTaken > 0)
        #expect(profile.health.handlerMedianNanos > 0)
        #expect(profile.metadata.mode == .cpu)
    }

    @Test("Work on a Thread, on Dispatch and in a Task is sampled on each of their threads")
    func multiThreadedWorkIsSampled() async throws {
        let profiler = PerformanceProfiler(configuration: .init(mode: .cpu, frequency: 1000))
        try SamplerTestSupport.start(profiler)
        let tids = SamplerThreadIDs()
        let done = DispatchGroup()
        done.enter()
        let thread = Thread {
            tids.record("thread")
            SamplerClock.burnCPU(seconds: 0.4) { samplerSink &+= samplerWorkOnThread(50_000) }
            done.leave()
        }
        thread.start()
        done.enter()
        DispatchQueue.global().async {
            tids.record("dispatch")
            SamplerClock.burnCPU(seconds: 0.4) { samplerSink &+= samplerWorkOnDispatch(50_000) }
            done.leave()
        }
        let task = Task.detached {
            tids.record("task")
            SamplerClock.burnCPU(seconds: 0.4) { samplerSink &+= samplerWorkInTask(50_000) }
        }
        await task.value
        await withCheckedContinuation { continuation in
            done.notify(queue: .global()) { continuation.resume() }
        }
        let profile = try profiler.stop()

        for (kind, function) in [("thread", "samplerWorkOnThread"), ("dispatch", "samplerWorkOnDispatch"), ("task", "samplerWorkInTask")] {
            let tid = try #require(tids.id(of: kind))
            let weight = SamplerTestSupport.weight(of: function, in: profile, thread: tid)
            #expect(weight >= 40, "\(function) on its \(kind) thread \(tid) got \(weight) weighted samples")
        }
    }

    @Test("Wall mode attributes a sleeping function, tagged off-CPU")
    func wallModeAttributesSleep() throws {
        let profiler = PerformanceProfiler(configuration: .init(mode: .wall, frequency: 500))
        let tid = sonora_gettid()
        try SamplerTestSupport.start(profiler)
        samplerSink &+= samplerSleepMostly(seconds: 0.8)
        SamplerClock.burnCPU(seconds: 0.2) { samplerSink &+= samplerSplitShort(20_000) }
        let profile = try profiler.stop()

        let sleeping = SamplerTestSupport.weight(of: "samplerSleepMostly", in: profile, thread: tid)
        let sleepingOff = SamplerTestSupport.weight(of: "samplerSleepMostly", in: profile, thread: tid, onCPU: false)
        let burning = SamplerTestSupport.weight(of: "samplerSplitShort", in: profile, thread: tid)
        #expect(sleeping >= 200, "the sleeping function got \(sleeping) of about 400 wall samples")
        #expect(Double(sleepingOff) >= 0.8 * Double(sleeping), "only \(sleepingOff) of \(sleeping) sleeping samples were off-CPU")
        #expect(burning > 0 && sleeping > 2 * burning, "sleeping \(sleeping) vs burning \(burning)")
        #expect(profile.samples.allSatisfy { $0.onCPU != nil })
    }
}

/// Thread ids reported by workloads, by kind.
final class SamplerThreadIDs: Sendable {
    private let ids = Mutex<[String: Int32]>([:])
    func record(_ kind: String) {
        let tid = sonora_gettid()
        ids.withLock { $0[kind] = tid }
    }
    func id(of kind: String) -> Int32? { ids.withLock { $0[kind] } }
}

extension SamplerTests {
    @Test("Wall mode can skip idle threads")
    func wallModeSkipsIdleThreads() throws {
        let profiler = PerformanceProfiler(configuration: .init(mode: .wall, frequency: 500, skipIdleThreads: true))
        let sleeper = SamplerThreadIDs()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            sleeper.record("sleeper")
            usleep(600_000)  // uninterrupted: skipped threads get no signals
            finished.signal()
        }
        thread.start()
        while sleeper.id(of: "sleeper") == nil { usleep(1_000) }
        let tid = sonora_gettid()
        try SamplerTestSupport.start(profiler)
        SamplerClock.burnCPU(seconds: 0.4) { samplerSink &+= samplerSplitLong(20_000) }
        let profile = try profiler.stop()
        finished.wait()

        let sleeperID = try #require(sleeper.id(of: "sleeper"))
        #expect(profile.samples.filter { $0.threadID == sleeperID }.count <= 2)
        #expect(SamplerTestSupport.weight(of: "samplerSplitLong", in: profile, thread: tid) > 50)
    }

    @Test("Misuse is refused: a second start, a stop without start, a signal someone else owns")
    func misuseIsRefused() throws {
        let profiler = PerformanceProfiler(configuration: .init(frequency: 100))
        let stopError = #expect(throws: ProfilerError.self) { _ = try profiler.stop() }
        #expect(stopError?.code == .notRunning)

        try SamplerTestSupport.start(profiler)
        let again = #expect(throws: ProfilerError.self) { try profiler.start() }
        #expect(again?.code == .alreadyRunning)
        let other = PerformanceProfiler(configuration: .init(frequency: 100))
        let elsewhere = #expect(throws: ProfilerError.self) { try other.start() }
        #expect(elsewhere?.code == .alreadyRunning)
        _ = try profiler.stop()
        let twice = #expect(throws: ProfilerError.self) { _ = try profiler.stop() }
        #expect(twice?.code == .notRunning)

        // A real-time signal (opted in) that someone else already handles.
        let realTime = SamplerSystem.firstRealTimeSignal + 5
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        var previous = sigaction()
        sigaction(realTime, &action, &previous)
        defer { sigaction(realTime, &previous, nil) }
        let owned = PerformanceProfiler(configuration: .init(signal: realTime, allowRealTimeSignal: true))
        // Another test target (SonoraBench's profiling pass) may hold the sampler for a moment.
        var inUse: ProfilerError?
        for _ in 0..<500 {
            do {
                try owned.start()
                _ = try? owned.stop()
                inUse = nil
                break
            } catch let error as ProfilerError where error.code == .alreadyRunning {
                usleep(20_000)
            } catch let error as ProfilerError {
                inUse = error
                break
            }
        }
        #expect(inUse?.code == .signalInUse)
        #expect(inUse?.message.contains("signal \(realTime)") == true)

        let invalid = #expect(throws: ProfilerError.self) { try PerformanceProfiler(configuration: .init(frequency: 20_000)).start() }
        #expect(invalid?.code == .invalidConfiguration)
        #expect(invalid?.message.contains("20000") == true)
    }
}

extension SamplerTests {
    @Test("profile(configuration:_:) returns the body's value with a timed profile")
    func profileWrapsABody() throws {
        try SamplerTestSupport.waitUntilFree()
        let tid = sonora_gettid()
        let (value, profile) = try PerformanceProfiler.profile(configuration: .init(frequency: 1000)) { () -> Int in
            SamplerClock.burnCPU(seconds: 0.3) { samplerSink &+= samplerWorkOnThread(20_000) }
            return 42
        }
        #expect(value == 42)
        #expect(profile.executionTime >= 0.3)
        #expect(profile.sampleCount > 0)
        #expect(SamplerTestSupport.weight(of: "samplerWorkOnThread", in: profile, thread: tid) > 100)
        #expect(profile.profileStats.contains("samplerWorkOnThread"))
        #expect(profile.threads.contains { $0.id == tid })
    }

    @Test("A profiler released while sampling frees the process-wide sampler")
    func releasedProfilerStopsItsSession() throws {
        do {
            let dropped = PerformanceProfiler(configuration: .init(frequency: 100))
            try SamplerTestSupport.start(dropped)
        }
        let next = PerformanceProfiler(configuration: .init(frequency: 100))
        try SamplerTestSupport.start(next)
        _ = try next.stopRaw()
    }
}

/// Recurses `depth` frames, then spins; each frame keeps some stack so the copy fills up.
@inline(never) func samplerDeepRecurse(_ depth: Int, seconds: Double) -> UInt64 {
    if depth == 0 {
        var total: UInt64 = 0
        SamplerClock.burnCPU(seconds: seconds) { total &+= samplerSplitShort(5_000) }
        return total
    }
    var padding = (UInt64(depth), UInt64(depth) &* 3, UInt64(depth) &* 5, UInt64(depth) &* 7)
    withUnsafeMutableBytes(of: &padding) { $0[0] &+= 1 }
    return samplerDeepRecurse(depth - 1, seconds: seconds) &+ padding.0 &+ padding.3
}

extension SamplerTests {
    @Test("Stacks deeper than maxDepth are cut at maxDepth and marked truncated")
    func depthLimitTruncates() throws {
        let profiler = PerformanceProfiler(configuration: .init(frequency: 1000, resetPeakMemory: false, stackCopyBytes: 256 * 1024, maxDepth: 128))
        let tid = sonora_gettid()
        try SamplerTestSupport.start(profiler)
        samplerSink &+= samplerDeepRecurse(300, seconds: 0.3)
        let result = try profiler.stopRaw()
        let mine = result.samples.filter { $0.threadID == tid }
        #expect(mine.count > 20)
        #expect(mine.allSatisfy { $0.addresses.count <= 128 })
        #expect(mine.filter { $0.truncated && $0.addresses.count == 128 }.count * 10 >= mine.count * 9,
                "\(mine.filter(\.truncated).count) of \(mine.count) samples marked truncated")
    }

    @Test("A 4 KiB stack copy cuts deep stacks, marks them truncated and counts copy-limit hits")
    func copyLimitIsCounted() throws {
        let profiler = PerformanceProfiler(configuration: .init(frequency: 1000, resetPeakMemory: false, stackCopyBytes: 4096))
        let tid = sonora_gettid()
        try SamplerTestSupport.start(profiler)
        samplerSink &+= samplerDeepRecurse(200, seconds: 0.3)
        let result = try profiler.stopRaw()
        let mine = result.samples.filter { $0.threadID == tid }
        // Weighted, as the CPU timer's expirations arrive fewer and heavier on a loaded machine.
        #expect(mine.reduce(0) { $0 + $1.weight } > 150, "\(mine.count) signals")
        #expect(!mine.isEmpty && mine.allSatisfy { $0.addresses.count < 200 })
        #expect(mine.filter(\.truncated).count * 10 >= mine.count * 9)
        #expect(result.health.copyLimitHits >= mine.filter(\.truncated).count * 9 / 10)
    }
}

extension SamplerTests {
    @Test("A thread started during the session is sampled within about 10 ms")
    func newThreadsArePickedUpQuickly() throws {
        let profiler = PerformanceProfiler(configuration: .init(frequency: 1000, resetPeakMemory: false))
        try SamplerTestSupport.start(profiler)
        let ids = SamplerThreadIDs()
        SamplerTestSupport.onNewThread {
            ids.record("late")
            SamplerClock.burnCPU(seconds: 0.06) { samplerSink &+= samplerWorkOnDispatch(5_000) }
        }
        let result = try profiler.stopRaw()
        let tid = try #require(ids.id(of: "late"))
        let weight = result.samples.filter { $0.threadID == tid }.reduce(0) { $0 + $1.weight }
        // 60 ms of CPU at 1 kHz is 60 periods; arming within 10-20 ms leaves at least 40.
        #expect(weight >= 35, "a thread that used 0.06 s of CPU got \(weight) weighted samples")
    }
}
