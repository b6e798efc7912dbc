#if canImport(Glibc)
import Glibc
#endif
import CSonoraSampler
import Foundation
@testable import SonoraProfiler
import Testing

// Workloads for the sampler tests. Each is `@inline(never)` with its own body, so LLVM cannot
// merge them and every one keeps its own symbol.

/// Sink that keeps workload results alive without the optimizer seeing through them.
nonisolated(unsafe) var samplerSink: UInt64 = 0

@inline(never) func samplerSplitShort(_ rounds: Int) -> UInt64 {
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    for i in 0..<rounds { x = (x ^ (x >> 31)) &* 0xBF58_476D_1CE4_E5B9 &+ UInt64(i) }
    return x
}

@inline(never) func samplerSplitLong(_ rounds: Int) -> UInt64 {
    var a = 1.0, b = 0.5
    for i in 0..<rounds {
        a = a * 1.000_000_1 + Double(i & 15)
        b = b / 1.000_000_3 + a * 1e-9
    }
    return UInt64(truncatingIfNeeded: Int64(a.truncatingRemainder(dividingBy: 1e12) + b))
}

@inline(never) func samplerWorkOnThread(_ rounds: Int) -> UInt64 {
    var x: UInt64 = 7
    for i in 0..<rounds { x = x &* 31 &+ UInt64(i) ^ (x >> 7) }
    return x
}

@inline(never) func samplerWorkOnDispatch(_ rounds: Int) -> UInt64 {
    var x: UInt64 = 11
    for i in 0..<rounds { x = (x << 3) &+ (x >> 5) &+ UInt64(i &* 3) }
    return x
}

@inline(never) func samplerWorkInTask(_ rounds: Int) -> UInt64 {
    var x: UInt64 = 13
    for i in 0..<rounds { x = x &+ (UInt64(i) &* 0x100_0000_01B3) ^ (x << 1) }
    return x
}

@inline(never) func samplerSleepMostly(seconds: Double) -> UInt64 {
    let end = SamplerClock.now() + seconds
    var naps: UInt64 = 0
    while SamplerClock.now() < end {
        usleep(2_000)  // wall-mode signals cut it short with EINTR; the loop keeps the time
        naps &+= 1
    }
    return naps
}

/// Clocks for the tests' ground truth.
enum SamplerClock {
    /// Monotonic seconds.
    static func now() -> Double { Double(SamplerSystem.nowNanos()) / 1e9 }

    /// The calling thread's CPU time in seconds.
    static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `body` in chunks until it used `seconds` of this thread's CPU time.
    /// - Returns: The CPU seconds actually used.
    @discardableResult
    static func burnCPU(seconds: Double, _ body: () -> Void) -> Double {
        let start = threadCPU()
        while threadCPU() - start < seconds { body() }
        return threadCPU() - start
    }
}

/// Helpers shared by the sampler tests.
enum SamplerTestSupport {
    /// Starts `profiler`, waiting while another test target's session holds the process-wide
    /// sampler (suites of other targets run concurrently in the same process).
    static func start(_ profiler: PerformanceProfiler) throws {
        let deadline = SamplerClock.now() + 60
        while true {
            do {
                try profiler.start()
                return
            } catch let error as ProfilerError where error.code == .alreadyRunning && SamplerClock.now() < deadline {
                usleep(20_000)
            }
        }
    }

    /// Waits while another test target's session holds the process-wide sampler.
    static func waitUntilFree() throws {
        let probe = PerformanceProfiler(configuration: .init(frequency: 1, resetPeakMemory: false))
        try start(probe)
        _ = try probe.stopRaw()
    }

    /// Runs `body` on a new `Thread` and returns when it has finished.
    static func onNewThread(_ body: @escaping @Sendable () -> Void) {
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            finished.signal()
        }
        thread.start()
        finished.wait()
    }

    /// The samples of `thread` with a function whose name contains `name` on the stack: their total
    /// weight and their stack depths, sorted, with the median depth (0 when there are none).
    static func depths(of name: String, in profile: Profile, thread: Int32) -> (weighted: Int, depths: [Int], median: Int) {
        let matching = Set(profile.frames.indices.filter { profile.frames[$0].function.contains(name) })
        let samples = profile.samples.filter { $0.threadID == thread && $0.stack.contains(where: matching.contains) }
        let depths = samples.map(\.stack.count).sorted()
        return (samples.reduce(0) { $0 + $1.weight }, depths, depths.isEmpty ? 0 : depths[depths.count / 2])
    }

    /// Weighted samples of `thread` with a function whose name contains `name` on the stack.
    static func weight(of name: String, in profile: Profile, thread: Int32? = nil, onCPU: Bool? = nil) -> Int {
        let matching = Set(profile.frames.indices.filter { profile.frames[$0].function.contains(name) })
        return profile.samples.reduce(0) { total, sample in
            if let thread, sample.threadID != thread { return total }
            if let onCPU, sample.onCPU != onCPU { return total }
            return sample.stack.contains(where: matching.contains) ? total + sample.weight : total
        }
    }
}
