import Foundation
@testable import SonoraBench

/// A simulated shared machine, with the noise seen on the real one: a level shift per process
/// (memory layout, neighbours), slow autocorrelated drift over time, autocorrelated batches
/// within a process, and occasional level shifts in the middle of a process.
///
/// With the defaults, the per-round log-ratio of an A/A run has a standard deviation of about
/// 0.06 (heavy-tailed); measured on the shared 2-core VM under load, `queue.shuffle.10k`'s CPU
/// time gave 0.042 (and its per-process medians 0.064 between processes).
struct NoiseModel {
    /// Standard deviation of a process's level, in log units.
    var betweenProcess = 0.03
    /// AR(1) coefficient and innovation of the drift, per process slot.
    var driftPersistence = 0.9
    var driftStep = 0.03
    /// AR(1) coefficient and innovation of batches within a process.
    var batchPersistence = 0.7
    var batchStep = 0.02
    /// Chance that a process shifts level mid-run, and the shift's size.
    var midRunShiftChance = 0.15
    var midRunShift = 0.08

    var generator: SplitMix64
    private var drift = 0.0

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// Advances time by one process slot; returns the drift now.
    mutating func tick() -> Double {
        drift = driftPersistence * drift + driftStep * generator.nextGaussian()
        return drift
    }

    /// The batches of one process started now, around `center` slowed by `factor`.
    mutating func process(center: Double, factor: Double = 1, samples: Int = 30) -> [Double] {
        let level = betweenProcess * generator.nextGaussian() + tick()
        let shiftAt = Double.random(in: 0..<1, using: &generator) < midRunShiftChance ? Int.random(in: 1..<samples, using: &generator) : samples
        let shift = midRunShift * generator.nextGaussian()
        var noise = 0.0
        return (0..<samples).map { index in
            noise = batchPersistence * noise + batchStep * generator.nextGaussian()
            return center * factor * exp(level + noise + (index >= shiftAt ? shift : 0))
        }
    }

    /// A result whose processes measured `processes` (wall only, plus constant allocations).
    static func result(_ name: String, processes: [[Double]], rounds: [Int]? = nil) -> BenchmarkResult {
        let runs = processes.enumerated().map { index, samples in
            ProcessRun(
                round: rounds?[index] ?? index, pid: Int32(index + 1), batchSize: 1,
                metrics: [
                    Metric.wall.rawValue: ProcessMetric(samples: samples, count: samples.count, median: Statistics.median(samples)),
                    Metric.allocations.rawValue: ProcessMetric(samples: [3, 3, 3], count: 3, median: 3),
                ],
                warnings: [])
        }
        return BenchmarkResult(
            name: name, tags: [], status: .ok, failure: nil, scope: .thread, configuration: .quick, batchSize: 1,
            firstRunNanos: nil, timerOverheadNanos: 0,
            metrics: [
                Metric.wall.rawValue: MetricRecord(unit: "ns/op", samples: processes.flatMap { $0 }, cap: 100_000, resamples: 0),
                Metric.allocations.rawValue: MetricRecord(unit: "allocs/op", samples: [3, 3, 3], cap: 10, resamples: 0),
            ],
            peakRSSDeltaBytes: nil, peakRSSIsLocal: false, warnings: [], profile: nil, profileThreadID: nil,
            profileUnavailable: nil, processes: runs)
    }

    /// A report of `results` with `processes` per benchmark, optionally one side of an A/B run.
    static func report(_ results: [BenchmarkResult], processes: Int, interleaving: BenchReport.Interleaving? = nil) -> BenchReport {
        var report = SerializedBenchTests.GateHonestyTests.report([:])
        report.benchmarks = results
        report.processesPerBenchmark = processes
        report.interleaving = interleaving
        return report
    }

    /// One interleaved A/B run of benchmarks `a` (slowed by `factor` on the head) and `b`:
    /// each round runs a and b on both sides in a random order, one process each.
    mutating func interleaved(rounds: Int, factor: Double) -> (BenchReport, BenchReport) {
        var base: [String: [[Double]]] = [:]
        var head: [String: [[Double]]] = [:]
        let centers = ["a": 1_000.0, "b": 5_000.0]
        for _ in 0..<rounds {
            for name in ["a", "b"].shuffled(using: &generator) {
                let headFirst = Bool.random(using: &generator)
                for side in headFirst ? ["head", "base"] : ["base", "head"] {
                    let slowed = side == "head" && name == "a" ? factor : 1
                    let samples = process(center: centers[name]!, factor: slowed)
                    if side == "head" { head[name, default: []].append(samples) } else { base[name, default: []].append(samples) }
                }
            }
        }
        func side(_ data: [String: [[Double]]], _ name: String) -> BenchReport {
            Self.report(
                ["a", "b"].map { Self.result($0, processes: data[$0]!) }, processes: rounds,
                interleaving: .init(sessionID: "sim", side: name, rounds: rounds, executable: "sim"))
        }
        return (side(base, "base"), side(head, "head"))
    }

    /// Two separate runs, `processes` each, the head run after the base run.
    mutating func separateRuns(processes: Int, factor: Double) -> (BenchReport, BenchReport) {
        func run(_ factor: Double) -> BenchReport {
            let results = [("a", 1_000.0, factor), ("b", 5_000.0, 1.0)].map { name, center, slowed in
                Self.result(name, processes: (0..<processes).map { _ in process(center: center, factor: slowed) })
            }
            return Self.report(results, processes: processes)
        }
        let base = run(1)
        return (base, run(factor))
    }
}
