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
    @Test("A 30/70 split between two functions is attributed within 3 points")
    func knownSplitIsAttributed() throws {
        let profiler = PerformanceProfiler(configuration: .init(mode: .cpu, frequency: 1000))
        let tid = sonora_gettid()
        try SamplerTestSupport.start(profiler)
        var shortCPU = 0.0, longCPU = 0.0
        for _ in 0..<30 {
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

        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        var previous = sigaction()
        sigaction(SIGUSR2, &action, &previous)
        defer { sigaction(SIGUSR2, &previous, nil) }
        let owned = PerformanceProfiler(configuration: .init(signal: SIGUSR2))
        let inUse = #expect(throws: ProfilerError.self) { try owned.start() }
        #expect(inUse?.code == .signalInUse)
        #expect(inUse?.message.contains("SIGUSR2") == true)

        let invalid = #expect(throws: ProfilerError.self) { try PerformanceProfiler(configuration: .init(frequency: 20_000)).start() }
        #expect(invalid?.code == .invalidConfiguration)
        #expect(invalid?.message.contains("20000") == true)
    }
}
