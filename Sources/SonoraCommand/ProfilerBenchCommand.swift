import ArgumentParser
import Foundation
import SonoraProfiler
#if canImport(Glibc)
import Glibc
#endif

/// `sonora profiler-bench`: measures what the sampler costs and how well it attributes time, and
/// writes the figures to `reports/profiler-bench.json`.
struct ProfilerBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiler-bench",
        abstract: "Measure the profiler's overhead, handler cost, attribution and symbolization cost.",
        discussion: "Run it in release: swift run -c release sonora profiler-bench")

    @Option(help: "Where to write the JSON report.")
    var output = "reports/profiler-bench.json"

    @Option(help: "Seconds of workload per measured run.")
    var seconds = 2.0

    @Option(help: "Measured runs per configuration (the median is reported).")
    var repetitions = 5

    @Option(help: "CPU seconds of the 30/70 split workload for the attribution figures.")
    var attributionSeconds = 16.0

    @Flag(help: "Skip the comparison with perf record.")
    var skipPerf = false

    /// Measure only one part and print it, without writing the report.
    @Option(help: "Measure only 'symbolization' or 'handler' (CPU and wall mode at 1 kHz) and print the figures; writes no report.")
    var only: ProfilerBenchPart?

    /// Hidden: run only the 30/70 workload (the child process perf records).
    @Option(help: .hidden)
    var workloadOnly: Double?

    /// Refuses counts and durations that would trap or loop (exit 2, naming the option).
    func validate() throws {
        guard repetitions >= 1 else {
            throw ValidationError("--repetitions must be at least 1 (got \(repetitions))")
        }
        for (name, value) in [("--seconds", seconds), ("--attribution-seconds", attributionSeconds), ("--workload-only", workloadOnly ?? 1)] {
            guard value.isFinite, value > 0, value <= 86_400 else {
                throw ValidationError("\(name) must be a number of seconds in (0, 86400] (got \(value))")
            }
        }
    }

    func run() throws {
        if let workloadOnly {
            let truth = ProfilerBenchWorkload.runSplit(seconds: workloadOnly)
            print(String(format: "short %.4f long %.4f", truth.short, truth.long))
            return
        }
        if let only {
            try ProfilerBenchPart.run(only, seconds: seconds, repetitions: repetitions)
            return
        }
        var report = ProfilerBenchReport()
        report.buildConfiguration = ProfilerBenchWorkload.buildConfiguration
        report.host = ProcessInfo.processInfo.hostName
        report.date = ISO8601DateFormatter().string(from: Date())
        let iterations = ProfilerBenchWorkload.calibrate(seconds: seconds)

        // Overhead: interleave unprofiled and profiled runs of the same work, take medians.
        var wall: [String: [Double]] = [:]
        var cpu: [String: [Double]] = [:]
        var health: [String: SamplerHealth] = [:]
        let settings: [(mode: ProfilingMode, frequency: Int)] = [
            (.cpu, 100), (.cpu, 1000), (.cpu, 10_000), (.wall, 1000), (.wall, 10_000),
        ]
        for _ in 0..<repetitions {
            let base = ProfilerBenchWorkload.measure(iterations: iterations)
            wall["none", default: []].append(base.wall)
            cpu["none", default: []].append(base.cpu)
            for setting in settings {
                let key = "\(setting.mode) \(setting.frequency)"
                let profiler = PerformanceProfiler(configuration: .init(mode: setting.mode, frequency: setting.frequency, resetPeakMemory: false))
                try profiler.start()
                let timing = ProfilerBenchWorkload.measure(iterations: iterations)
                let profile = try profiler.stop()
                wall[key, default: []].append(timing.wall)
                cpu[key, default: []].append(timing.cpu)
                health[key] = profile.health
            }
        }
        let baseWall = median(wall["none"]!)
        let baseCPU = median(cpu["none"]!)
        for setting in settings {
            let key = "\(setting.mode) \(setting.frequency)"
            let last = health[key]!
            report.overhead.append(.init(
                mode: setting.mode.rawValue,
                frequency: setting.frequency,
                wallRatio: median(wall[key]!) / baseWall,
                processCPURatio: median(cpu[key]!) / baseCPU,
                handlerMedianNanos: last.handlerMedianNanos,
                handlerP99Nanos: last.handlerP99Nanos,
                collectorMeanNanos: last.collectorMeanNanos,
                samplesTaken: last.samplesTaken,
                samplesDropped: last.samplesDropped,
                walkerFallbacks: last.walkerFallbacks,
                copyLimitHits: last.copyLimitHits))
        }

        // The fixed cost of a session: CPU its threads use while the program sleeps.
        let idle = PerformanceProfiler(configuration: .init(mode: .cpu, frequency: 1000, resetPeakMemory: false))
        try idle.start()
        let idleCPU = ProfilerBenchWorkload.processCPU()
        usleep(1_000_000)
        report.idleSessionCPUPercent = (ProfilerBenchWorkload.processCPU() - idleCPU) * 100
        _ = try idle.stop()

        // Attribution on the 30/70 split against the thread's own CPU clock.
        let profiler = PerformanceProfiler(configuration: .init(mode: .cpu, frequency: 1000, resetPeakMemory: false))
        let tid = Int32(truncatingIfNeeded: ProfilerBenchWorkload.threadID())
        try profiler.start()
        let truth = ProfilerBenchWorkload.runSplit(seconds: attributionSeconds)
        let profile = try profiler.stop()
        let short = weight(of: "profilerBenchShort", in: profile, thread: tid)
        let long = weight(of: "profilerBenchLong", in: profile, thread: tid)
        report.attribution = .init(
            truthShortPercent: 100 * truth.short / (truth.short + truth.long),
            sonoraShortPercent: 100 * Double(short) / Double(max(short + long, 1)),
            sonoraSamples: short + long,
            perfShortPercent: skipPerf ? nil : try perfShortPercent(seconds: attributionSeconds))

        // Symbolization cost per unique address, from a cold start.
        report.symbolization = try SymbolizationBenchmark.run(addresses: SymbolizationBenchmark.sampleAddresses(count: 5000))

        try report.write(to: output)
        print(report.summary)
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    private func weight(of name: String, in profile: Profile, thread: Int32) -> Int {
        let matching = Set(profile.frames.indices.filter { profile.frames[$0].function.contains(name) })
        return profile.samples.reduce(0) { total, sample in
            sample.threadID == thread && sample.stack.contains(where: matching.contains) ? total + sample.weight : total
        }
    }

    /// Runs this binary's hidden workload under `perf record -e cpu-clock -g` and reads the split
    /// from `perf report`; `nil` when perf is missing or fails.
    private func perfShortPercent(seconds: Double) throws -> Double? {
        let perf = ["/usr/bin/perf", "/usr/local/bin/perf"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let perf else { return nil }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sonora-perf-\(getpid()).data").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        let record = try ProfilerBenchProcess.run(perf, ["record", "-e", "cpu-clock", "-g", "-F", "1000", "-o", data, "--", binary, "profiler-bench", "--workload-only", String(seconds)])
        guard record.status == 0 else { return nil }
        let report = try ProfilerBenchProcess.run(perf, ["report", "--stdio", "--no-children", "-g", "none", "--sort", "symbol", "-i", data])
        guard report.status == 0 else { return nil }
        var short = 0.0, long = 0.0
        for line in report.output.split(separator: "\n") where !line.hasPrefix("#") {
            guard let percent = line.split(separator: " ").first.flatMap({ Double($0.dropLast()) }) else { continue }
            if line.contains("profilerBenchShort") { short += percent }
            if line.contains("profilerBenchLong") { long += percent }
        }
        return short + long > 0 ? 100 * short / (short + long) : nil
    }
}
