import Foundation
import SonoraProfiler

/// An interleaved A/B run of two builds in one job (Abedi and Brecht's randomized multiple
/// interleaved trials): every round runs every benchmark once on each side, each in a fresh
/// process, the benchmarks in a random order and the two sides in a random order per benchmark.
///
/// Both reports carry the same ``BenchReport/Interleaving/sessionID``, so ``Comparison`` pairs
/// their processes by round and tests per-round ratios: slow drift hits both sides of a round
/// and cancels. Every process of a benchmark, on both sides, times batches of the size its first
/// process chose (``PinnedBatchSizes``), so the batch size is not a difference between the sides.
public struct InterleavedRun: Sendable {
    /// Progress for a stderr line.
    public enum Event: Sendable {
        /// A process starts: `index` of `total`, with an estimate of the seconds left.
        case started(index: Int, total: Int, name: String, side: String, round: Int, eta: Double?)
        /// A process ended.
        case finished(side: String, result: BenchmarkResult)
    }

    public var base: WorkerLauncher
    public var head: WorkerLauncher
    public var rounds: Int
    /// Each process's settings.
    public var configuration: BenchmarkConfiguration
    public var settingsName: String
    /// Whether round 0 runs the profiling pass on both sides. `ab` leaves it off and profiles only
    /// the benchmarks its comparison flags, with ``profile(_:base:head:progress:)``.
    public var profiling: Bool
    public var seed: UInt64

    public init(
        base: WorkerLauncher, head: WorkerLauncher, rounds: Int, configuration: BenchmarkConfiguration, settingsName: String,
        profiling: Bool, seed: UInt64 = UInt64(Date().timeIntervalSince1970 * 1e6)
    ) {
        self.base = base
        self.head = head
        self.rounds = max(2, rounds)
        self.configuration = configuration
        self.settingsName = settingsName
        self.profiling = profiling
        self.seed = seed
    }

    /// One side's outcome: its report and its profiles by benchmark.
    public struct Side: Sendable {
        public var report: BenchReport
        public var profiles: [String: Profile]
    }

    /// Runs `benchmarks` (names both binaries know) and returns both sides.
    ///
    /// - Parameters:
    ///   - benchmarks: Exact names.
    ///   - baseGit: The base's git state, as the caller knows it.
    ///   - headGit: The head's git state.
    ///   - progress: Receives an event around every process.
    public func run(
        _ benchmarks: [String], baseGit: GitState, headGit: GitState, progress: @Sendable (Event) -> Void = { _ in }
    ) async -> (base: Side, head: Side) {
        let sessionID = UUID().uuidString.lowercased()
        let start = Date()
        let loadAverage = SystemProbe.loadAverage()
        var generator = SplitMix64(seed: seed)
        var collected: [String: [String: [(result: BenchmarkResult, round: Int, pid: Int32)]]] = ["base": [:], "head": [:]]
        var profiles: [String: [String: Profile]] = ["base": [:], "head": [:]]
        var builds: [String: String] = [:]
        var pinned = PinnedBatchSizes()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sonora-ab-\(sessionID)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let total = benchmarks.count * rounds * 2
        var done = 0
        let began = SystemClock.wallNanos()
        for round in 0..<rounds {
            for name in benchmarks.shuffled(using: &generator) {
                let sides = Bool.random(using: &generator) ? [("base", base), ("head", head)] : [("head", head), ("base", base)]
                for (side, launcher) in sides {
                    let elapsed = Double(SystemClock.wallNanos() - began) / 1e9
                    progress(.started(
                        index: done + 1, total: total, name: name, side: side, round: round,
                        eta: done == 0 ? nil : elapsed / Double(done) * Double(total - done)))
                    done += 1
                    let outcome = BenchSession.launch(
                        launcher, benchmark: name, settings: configuration.fixedBatchSize(pinned[name]),
                        profiling: profiling && round == 0, round: round, scratch: scratch)
                    var result = outcome.response.result
                    pinned.record(&result)
                    if let url = outcome.profileURL, let profile = try? Profile(contentsOf: url) { profiles[side]![name] = profile }
                    if result.status == .ok { builds[side] = outcome.response.buildConfiguration }
                    collected[side]![name, default: []].append((result, round, outcome.response.pid))
                    progress(.finished(side: side, result: result))
                }
            }
        }
        func side(_ side: String, _ launcher: WorkerLauncher, _ git: GitState) -> Side {
            let results = benchmarks.map { BenchmarkResult.pooling(collected[side]![$0] ?? [], cap: configuration.rawSampleCap * rounds) }
            let report = BenchReport(
                toolVersion: RunEnvironment.toolVersion, git: git, swiftVersion: RunEnvironment.swiftVersion,
                buildConfiguration: builds[side] ?? RunEnvironment.buildConfiguration, machine: RunEnvironment.machine(),
                timestamp: start, settingsName: settingsName, settings: configuration, loadAverageAtStart: loadAverage,
                benchmarks: results, processesPerBenchmark: rounds,
                interleaving: .init(sessionID: sessionID, side: side, rounds: rounds, executable: launcher.executable.path))
            return Side(report: report, profiles: profiles[side]!)
        }
        return (side("base", base, baseGit), side("head", head, headGit))
    }

    /// Profiles `benchmarks` after the rounds: one more process per side each, timing batches of
    /// the length the rounds timed, whose profile replaces the side's (its timings are not pooled:
    /// the rounds' data alone decides the verdict).
    ///
    /// `ab` calls it for the benchmarks its comparison flags, so a gate that passes pays for no
    /// profile at all (profiling every benchmark in the first round was a tenth of a full A/B).
    ///
    /// - Parameters:
    ///   - benchmarks: Exact names present in both sides' reports.
    ///   - base: The base side, updated in place.
    ///   - head: The head side, updated in place.
    ///   - progress: Receives the benchmark and side before each process.
    public func profile(
        _ benchmarks: [String], base baseSide: inout Side, head headSide: inout Side,
        progress: @Sendable (_ name: String, _ side: String) -> Void = { _, _ in }
    ) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sonora-ab-profile-\(UUID().uuidString.lowercased())")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        func run(_ name: String, _ label: String, _ launcher: WorkerLauncher, _ side: inout Side) {
            guard let index = side.report.benchmarks.firstIndex(where: { $0.name == name }) else { return }
            progress(name, label)
            let pinned = side.report.benchmarks[index].batchSize
            let outcome = BenchSession.launch(
                launcher, benchmark: name, settings: configuration.fixedBatchSize(pinned > 0 ? pinned : nil), profiling: true,
                round: rounds, scratch: scratch)
            let result = outcome.response.result
            if let url = outcome.profileURL, let profile = try? Profile(contentsOf: url), let summary = result.profile {
                side.profiles[name] = profile
                side.report.benchmarks[index].profile = summary
                side.report.benchmarks[index].profileThreadID = result.profileThreadID
                side.report.benchmarks[index].profileUnavailable = nil
            } else {
                side.report.benchmarks[index].profileUnavailable =
                    result.profileUnavailable ?? "profile unavailable: the profiling process \(result.status.rawValue): \(result.failure ?? "no profile")"
            }
        }
        for name in benchmarks {
            run(name, "base", base, &baseSide)
            run(name, "head", head, &headSide)
        }
    }
}
