#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import SonoraProfiler
import Synchronization
import Testing

/// The load that deadlocked in-handler unwinders: the loader lock churned by dlopen/dlclose and
/// dl_iterate_phdr, malloc, and compute threads, all sampled hard.
final class SamplerStressLoad: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Int>(0)
    private let threadCount = 4

    /// A library this process does not otherwise load, so dlclose really unloads it.
    static let library: String = {
        for candidate in ["libbz2.so.1.0", "libz.so.1", "libm.so.6"] {
            if let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) {
                dlclose(handle)
                return candidate
            }
        }
        return "libm.so.6"
    }()

    typealias PhdrCallback = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Int32
    /// glibc declares `dl_iterate_phdr` only under `_GNU_SOURCE`, so it is looked up by name.
    static let iteratePhdr: @convention(c) (PhdrCallback, UnsafeMutableRawPointer?) -> Int32 = {
        unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dl_iterate_phdr")!,
                      to: (@convention(c) (PhdrCallback, UnsafeMutableRawPointer?) -> Int32).self)
    }()

    func start() {
        let library = Self.library
        spawn {
            var objects = 0
            while !self.stopping.load(ordering: .relaxed) {
                if let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) { dlclose(handle) }
                _ = Self.iteratePhdr({ _, _, counter in
                    counter!.assumingMemoryBound(to: Int.self).pointee += 1
                    return 0
                }, &objects)
            }
        }
        spawn {
            var keep: [UnsafeMutableRawPointer] = []
            var round = 0
            while !self.stopping.load(ordering: .relaxed) {
                round &+= 1
                let size = 16 + (round &* 7919) % 65_536
                if let block = malloc(size) {
                    memset(block, Int32(round & 0xFF), min(size, 256))
                    keep.append(block)
                }
                if keep.count > 512 {
                    for block in keep { free(block) }
                    keep.removeAll(keepingCapacity: true)
                }
            }
            for block in keep { free(block) }
        }
        spawn {
            while !self.stopping.load(ordering: .relaxed) { samplerSink &+= samplerStressRecurse(depth: 40) }
        }
        spawn {
            while !self.stopping.load(ordering: .relaxed) { samplerSink &+= samplerSplitLong(50_000) }
        }
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        while finished.load(ordering: .acquiring) < threadCount { usleep(1_000) }
    }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        Thread {
            body()
            self.finished.add(1, ordering: .releasing)
        }.start()
    }
}

/// A Swift call chain with real frames, so stacks are deep.
@inline(never) func samplerStressRecurse(depth: Int) -> UInt64 {
    if depth == 0 { return samplerWorkOnThread(5_000) }
    var frame = [UInt64](repeating: UInt64(depth), count: 4)
    frame[depth & 3] &+= samplerStressRecurse(depth: depth - 1)
    return frame.reduce(0, &+)
}

extension SamplerTests {
    @Test(
        "Sampling dlopen, malloc and compute threads at 1 and 10 kHz in both modes never hangs",
        arguments: [
            (ProfilingMode.cpu, 1000), (ProfilingMode.cpu, 10_000),
            (ProfilingMode.wall, 1000), (ProfilingMode.wall, 10_000),
        ])
    func stressNeverHangs(mode: ProfilingMode, frequency: Int) throws {
        let load = SamplerStressLoad()
        load.start()
        defer { load.stop() }
        for round in 0..<3 {
            let profiler = PerformanceProfiler(configuration: .init(mode: mode, frequency: frequency, resetPeakMemory: false))
            try SamplerTestSupport.start(profiler)
            // The watchdog: fail instead of hanging when samples stop advancing for 5 s.
            let end = SamplerClock.now() + 2.5
            var lastProgress = 0
            var lastAdvance = SamplerClock.now()
            var stalled = false
            while SamplerClock.now() < end || stalled {
                usleep(100_000)
                let progress = profiler.samplesCollected
                if progress > lastProgress {
                    lastProgress = progress
                    lastAdvance = SamplerClock.now()
                } else if SamplerClock.now() - lastAdvance > 5 {
                    Issue.record("\(mode) at \(frequency) Hz, round \(round): no sample collected for 5 s (stuck at \(progress))")
                    stalled = true
                    break
                }
            }
            let result = try profiler.stopRaw()
            #expect(!stalled)
            // Weighted: on a loaded machine CPU-timer expirations arrive as fewer signals with
            // larger overruns (91 signals once under load average 17).
            let weighted = result.samples.reduce(0) { $0 + $1.weight }
            #expect(weighted > 100, "\(mode) at \(frequency) Hz, round \(round): only \(weighted) weighted samples")
            #expect(result.health.samplesTaken >= result.samples.count)
            #expect(result.samples.contains { $0.addresses.count > 40 }, "no deep stack from the recursing thread")
        }
    }
}
