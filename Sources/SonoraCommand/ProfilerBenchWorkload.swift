import CSonoraSampler
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps benchmark results alive so the optimizer cannot drop the work.
nonisolated(unsafe) var profilerBenchSink: UInt64 = 0

/// The short side of the 30/70 split: integer mixing.
@inline(never) func profilerBenchShort(_ rounds: Int) -> UInt64 {
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    for i in 0..<rounds { x = (x ^ (x >> 31)) &* 0xBF58_476D_1CE4_E5B9 &+ UInt64(i) }
    return x
}

/// The long side of the 30/70 split: floating-point recurrences.
@inline(never) func profilerBenchLong(_ rounds: Int) -> UInt64 {
    var a = 1.0, b = 0.5
    for i in 0..<rounds {
        a = a * 1.000_000_1 + Double(i & 15)
        b = b / 1.000_000_3 + a * 1e-9
    }
    return UInt64(truncatingIfNeeded: Int64(a.truncatingRemainder(dividingBy: 1e12) + b))
}

/// The workload `sonora profiler-bench` measures.
enum ProfilerBenchWorkload {
    static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }

    static func threadID() -> Int { Int(sonora_gettid()) }

    static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func processCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func wallClock() -> Double { Double(sonora_now_ns()) / 1e9 }

    /// One unit of fixed work: both functions, about 3:7.
    @inline(never) static func unit() {
        profilerBenchSink &+= profilerBenchShort(30_000)
        profilerBenchSink &+= profilerBenchLong(35_000)
    }

    /// How many units take about `seconds`.
    static func calibrate(seconds: Double) -> Int {
        let start = wallClock()
        var count = 0
        while wallClock() - start < 0.3 {
            unit()
            count += 1
        }
        return max(1, Int(Double(count) * seconds / 0.3))
    }

    /// Runs `iterations` units; returns wall seconds and process CPU seconds.
    static func measure(iterations: Int) -> (wall: Double, cpu: Double) {
        let wall = wallClock()
        let cpu = processCPU()
        for _ in 0..<iterations { unit() }
        return (wallClock() - wall, processCPU() - cpu)
    }

    /// Alternates 30 ms of the short function with 70 ms of the long one for `seconds`.
    /// - Returns: CPU seconds spent in each, measured on this thread's clock (the ground truth).
    static func runSplit(seconds: Double) -> (short: Double, long: Double) {
        var short = 0.0, long = 0.0
        let end = wallClock() + seconds
        while wallClock() < end {
            short += burn(0.03) { profilerBenchSink &+= profilerBenchShort(20_000) }
            long += burn(0.07) { profilerBenchSink &+= profilerBenchLong(20_000) }
        }
        return (short, long)
    }

    private static func burn(_ seconds: Double, _ body: () -> Void) -> Double {
        let start = threadCPU()
        while threadCPU() - start < seconds { body() }
        return threadCPU() - start
    }
}

/// Runs a child process and captures its standard output.
enum ProfilerBenchProcess {
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
