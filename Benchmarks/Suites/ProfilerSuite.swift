import SonoraBench
import SonoraProfiler

/// The profiler's overhead: one fixed unit of work (integer mixing, then floating-point
/// recurrences, about 3:7), unprofiled and under a running profiler.
///
/// Each profiled benchmark is ``Benchmark/relative(to:)`` the unprofiled one, so a run prints
/// profiled/unprofiled wall time paired by round: both run in every round, in random order, in
/// fresh processes, in one job. Goals: at most ×1.01 at 100 Hz and ×1.03 at 1 kHz (CPU mode).
public enum ProfilerSuite {
    /// The unprofiled twin every profiled benchmark is compared with.
    public static let baselineName = "profiler.workload.unprofiled"

    /// The profiled settings measured, with their name suffixes.
    static let settings: [(mode: ProfilingMode, frequency: Int, suffix: String)] = [
        (.cpu, 100, "cpu.100hz"), (.cpu, 1_000, "cpu.1khz"), (.wall, 1_000, "wall.1khz"),
    ]

    /// Every profiler benchmark.
    public static var benchmarks: [Benchmark] {
        var all = [Benchmark(baselineName, tags: ["profiler"]) { ProfilerWorkload.unit() }]
        for setting in settings {
            let benchmark = Benchmark(
                "profiler.workload.\(setting.suffix)", tags: ["profiler"],
                setUp: {
                    let profiler = PerformanceProfiler(
                        configuration: .init(mode: setting.mode, frequency: setting.frequency, resetPeakMemory: false))
                    try profiler.start()
                    return profiler
                },
                tearDown: { profiler in _ = try? profiler.stop() },
                operation: { _ in ProfilerWorkload.unit() })
            all.append(benchmark.relative(to: baselineName))
        }
        return all
    }
}

/// The fixed work the profiler benchmarks time.
enum ProfilerWorkload {
    /// One unit: both functions, about 3:7 of the time.
    @inline(never) static func unit() {
        blackHole(mix(30_000))
        blackHole(recur(35_000))
    }

    /// Integer mixing.
    @inline(never) static func mix(_ rounds: Int) -> UInt64 {
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<rounds { x = (x ^ (x >> 31)) &* 0xBF58_476D_1CE4_E5B9 &+ UInt64(i) }
        return x
    }

    /// Floating-point recurrences.
    @inline(never) static func recur(_ rounds: Int) -> Double {
        var a = 1.0, b = 0.5
        for i in 0..<rounds {
            a = a * 1.000_000_1 + Double(i & 15)
            b = b / 1.000_000_3 + a * 1e-9
        }
        return a.truncatingRemainder(dividingBy: 1e12) + b
    }
}
