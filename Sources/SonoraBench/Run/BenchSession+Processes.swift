import Foundation
import SonoraProfiler

extension BenchSession {
    /// Runs every benchmark in ``processes`` fresh worker processes, round by round (each round
    /// runs every benchmark once, in a random order), so slow drift of the machine spreads over
    /// all benchmarks instead of hitting one.
    ///
    /// Only the first round profiles. Every process of a benchmark times batches of the size its
    /// first process chose, or of the size ``batchSizes`` names (``PinnedBatchSizes``). Each process gets ``BenchmarkConfiguration/perProcess(_:)``
    /// of the settings, so the whole run costs about what one in-process run does plus process
    /// start-up.
    func runInProcesses(
        _ benchmarks: [Benchmark], launcher: WorkerLauncher, progress: @Sendable (Event) -> Void
    ) async -> (BenchReport, [String: Profile]) {
        let loadAverage = SystemProbe.loadAverage()
        let start = Date()
        let settings = runner.configuration.perProcess(processes)
        var generator = SplitMix64(seed: UInt64(start.timeIntervalSince1970 * 1e6))
        var collected: [String: [(result: BenchmarkResult, round: Int, pid: Int32)]] = [:]
        var profiles: [String: Profile] = [:]
        var buildConfiguration: String?
        var pinned = PinnedBatchSizes(batchSizes)
        let total = benchmarks.count * processes
        var done = 0
        let began = SystemClock.wallNanos()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sonora-bench-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for round in 0..<processes {
            for benchmark in benchmarks.shuffled(using: &generator) {
                let elapsed = Double(SystemClock.wallNanos() - began) / 1e9
                let eta = done == 0 ? nil : elapsed / Double(done) * Double(total - done)
                done += 1
                progress(.started(index: done, total: total, name: "\(benchmark.name) (process \(round + 1) of \(processes))", eta: eta))
                let outcome = Self.launch(
                    launcher, benchmark: benchmark.name, settings: settings.fixedBatchSize(pinned[benchmark.name]),
                    profiling: runner.profiling && round == 0, round: round, scratch: scratch)
                var result = outcome.response.result
                pinned.record(&result)
                if let url = outcome.profileURL, let profile = try? Profile(contentsOf: url) {
                    profiles[benchmark.name] = profile
                }
                if result.status == .ok { buildConfiguration = outcome.response.buildConfiguration }
                collected[benchmark.name, default: []].append((result, round, outcome.response.pid))
                progress(.finished(index: done, total: total, result: result))
            }
        }
        let results = benchmarks.map { BenchmarkResult.pooling(collected[$0.name] ?? [], cap: runner.configuration.rawSampleCap) }
        let report = BenchReport(
            toolVersion: RunEnvironment.toolVersion, git: RunEnvironment.gitState(in: repository),
            swiftVersion: RunEnvironment.swiftVersion, buildConfiguration: buildConfiguration ?? RunEnvironment.buildConfiguration,
            machine: RunEnvironment.machine(), timestamp: start, settingsName: settingsName,
            settings: runner.configuration, loadAverageAtStart: loadAverage, benchmarks: results,
            processesPerBenchmark: processes)
        return (report, profiles)
    }

    /// Runs one worker; a worker that cannot even start becomes a failed result.
    static func launch(
        _ launcher: WorkerLauncher, benchmark: String, settings: BenchmarkConfiguration, profiling: Bool, round: Int,
        scratch: URL
    ) -> WorkerLauncher.Outcome {
        do {
            return try launcher.run(benchmark: benchmark, configuration: settings, profiling: profiling, round: round, scratch: scratch)
        } catch {
            let result = BenchmarkResult(
                name: benchmark, tags: [], status: .failed, failure: "\(error)", scope: .thread, configuration: settings,
                batchSize: 0, firstRunNanos: nil, timerOverheadNanos: 0, metrics: [:], peakRSSDeltaBytes: nil,
                peakRSSIsLocal: false, warnings: [], profile: nil, profileThreadID: nil, profileUnavailable: nil)
            return WorkerLauncher.Outcome(response: WorkerResponse(pid: 0, result: result, profileWritten: false), profileURL: nil)
        }
    }
}
