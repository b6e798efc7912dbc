import ArgumentParser
import Foundation
import SonoraProfiler

/// `profiler-bench --only <part>`: one quick measurement, printed, for A/B runs while tuning.
enum ProfilerBenchPart: String, ExpressibleByArgument, CaseIterable {
    case symbolization
    case handler

    /// Runs `part` `repetitions` times and prints one line per run.
    static func run(_ part: ProfilerBenchPart, seconds: Double, repetitions: Int) throws {
        switch part {
        case .symbolization:
            let addresses = try SymbolizationBenchmark.sampleAddresses(count: 5000)
            for _ in 0..<repetitions {
                let result = try SymbolizationBenchmark.run(addresses: addresses)
                print(String(
                    format: "symbolization: %.0f ns wall, %.0f ns CPU per unique address (%d addresses, %d objects, %d named, %d with a line), cached %.0f ns",
                    result.nanosPerAddress, result.cpuNanosPerAddress, result.addressCount, result.objectsLoaded,
                    result.namedCount, result.withLineCount, result.nanosPerCachedLookup))
            }
        case .handler:
            let iterations = ProfilerBenchWorkload.calibrate(seconds: seconds)
            for _ in 0..<repetitions {
                for mode in [ProfilingMode.cpu, .wall] {
                    let profiler = PerformanceProfiler(configuration: .init(mode: mode, frequency: 1000, resetPeakMemory: false))
                    try profiler.start()
                    _ = ProfilerBenchWorkload.measure(iterations: iterations)
                    let health = try profiler.stop().health
                    print(String(
                        format: "%@ 1 kHz: handler median %.0f ns, p99 %.0f ns, collector %.0f ns per sample (%d samples, %d dropped)",
                        mode.rawValue, health.handlerMedianNanos, health.handlerP99Nanos, health.collectorMeanNanos,
                        health.samplesTaken, health.samplesDropped))
                }
            }
        }
    }
}
