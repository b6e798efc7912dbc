import Foundation
import SonoraProfiler

/// The verdicts of comparing a head report with a base report, benchmark by benchmark.
public struct Comparison: Sendable, Codable {
    public var baseName: String
    public var headName: String
    public var options: ComparisonOptions
    public var rows: [ComparisonRow]
    /// For each regressed benchmark, the functions whose profile shares grew most.
    public var profileDiffs: [ProfileDiffEntry]
    /// Things the reader should know: other machine, missing benchmarks, unavailable metrics.
    public var notes: [String]
    /// Benchmarks that failed in the head report.
    public var failedBenchmarks: [String]

    /// Compares `head` with `base`.
    ///
    /// - Parameters:
    ///   - base: The baseline report, for example the last release's.
    ///   - head: The candidate report.
    ///   - baseName: How to name the base in output, for example its file name.
    ///   - headName: How to name the head.
    ///   - options: Thresholds, metrics and the significance level.
    /// - Throws: ``BenchError`` `.incomparable` for different machines (unless allowed), different
    ///   build configurations, or no benchmark in common.
    /// - Complexity: O(benchmarks × metrics × n²) for the Hodges–Lehmann intervals of n samples.
    public init(base: BenchReport, head: BenchReport, baseName: String, headName: String, options: ComparisonOptions) throws {
        self.baseName = baseName
        self.headName = headName
        self.options = options
        var notes: [String] = []
        let differences = head.machine.differences(from: base.machine)
        if !differences.isEmpty {
            guard options.allowDifferentMachines else {
                throw BenchError(
                    .incomparable,
                    "\(baseName) and \(headName) come from different machines (\(differences.joined(separator: ", "))); pass --allow-different-machines to compare anyway")
            }
            notes.append("warning: different machines (\(differences.joined(separator: ", "))); timings may not be comparable")
        }
        guard base.buildConfiguration == head.buildConfiguration else {
            throw BenchError(
                .incomparable,
                "\(baseName) was built for \(base.buildConfiguration) but \(headName) for \(head.buildConfiguration)")
        }
        if base.settingsName != head.settingsName {
            notes.append("note: base ran with \(base.settingsName) settings, head with \(head.settingsName)")
        }
        let common = head.benchmarks.filter { base.result(named: $0.name) != nil }
        guard !common.isEmpty else {
            throw BenchError(.incomparable, "\(baseName) and \(headName) have no benchmark in common")
        }
        let missing = base.benchmarks.map(\.name).filter { head.result(named: $0) == nil }
        if !missing.isEmpty {
            notes.append("note: \(missing.count) benchmark(s) of the base are not in the head: \(Self.list(missing))")
        }
        let added = head.benchmarks.map(\.name).filter { base.result(named: $0) == nil }
        if !added.isEmpty {
            notes.append("note: \(added.count) benchmark(s) are new in the head: \(Self.list(added))")
        }
        failedBenchmarks = head.benchmarks.filter { $0.status != .ok }.map(\.name)

        for name in options.benchmarkThresholds.keys.sorted() where base.result(named: name) == nil && head.result(named: name) == nil {
            throw BenchError(
                .invalidArgument,
                "--threshold-for names '\(name)', which is in neither \(baseName) nor \(headName); names are: \(Self.list(head.benchmarks.map(\.name)))")
        }
        let paired = base.interleaving != nil && base.interleaving?.sessionID == head.interleaving?.sessionID
        if paired {
            notes.append("note: interleaved A/B run \(base.interleaving!.sessionID): timed rows test paired per-round ratios, so drift during the run cancels")
        } else if (base.processesPerBenchmark ?? 1) > 1 && (head.processesPerBenchmark ?? 1) > 1 {
            notes.append(
                "note: separate runs: intervals include between-process noise but not drift between the two runs; gate with `sonora bench ab` for paired rounds")
        }
        for (report, name) in [(base, baseName), (head, headName)] where (report.processesPerBenchmark ?? 1) < 2 {
            notes.append(
                "warning: \(name) has one process per benchmark (a version 1 report, or --processes 0 or 1): its intervals treat batches of one process as independent and understate the noise")
        }

        var rows: [ComparisonRow] = []
        var unavailable: [String: [String]] = [:]
        for metric in options.metrics {
            for headResult in common {
                let baseResult = base.result(named: headResult.name)!
                guard headResult.status == .ok, baseResult.status == .ok else { continue }
                guard
                    let row = ComparisonRow.measure(
                        metric: metric, base: baseResult, head: headResult, paired: paired,
                        threshold: options.threshold(for: headResult.name, metric: metric), floor: options.floor(for: metric))
                else {
                    let reason = baseResult[metric]?.unavailable ?? headResult[metric]?.unavailable ?? "not recorded"
                    unavailable["\(metric) is unavailable for", default: []].append(headResult.name + ": " + reason)
                    continue
                }
                rows.append(row)
            }
        }
        // Holm's correction across every timed row, so the whole comparison keeps its family-wise level.
        let tested = rows.indices.filter { rows[$0].pValue != nil }
        let adjusted = Statistics.holmAdjusted(tested.map { rows[$0].pValue! })
        for (position, index) in tested.enumerated() { rows[index].adjustedPValue = adjusted[position] }
        for index in rows.indices { rows[index].decide(alpha: options.alpha) }
        for (metric, entries) in unavailable.sorted(by: { $0.key < $1.key }) {
            var byReason: [String: [String]] = [:]
            for entry in entries {
                let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
                byReason[parts[1].trimmingCharacters(in: .whitespaces), default: []].append(parts[0])
            }
            for (reason, names) in byReason.sorted(by: { $0.key < $1.key }) {
                notes.append("note: \(metric) \(names.count) benchmark(s) (\(Self.list(names))): \(reason)")
            }
        }
        let differing = Set(rows.filter { $0.context.contains { $0.hasPrefix("batch ") } }.map(\.benchmark)).sorted()
        if !differing.isEmpty {
            notes.append(
                "warning: \(differing.count) benchmark(s) timed batches of different lengths in the two reports (\(Self.list(differing))); "
                    + "run the head with `bench run --batch-sizes-from BASE` so both time the same lengths")
        }
        self.rows = rows.sorted { ($0.benchmark, $0.metric) < ($1.benchmark, $1.metric) }
        self.notes = notes

        var diffs: [ProfileDiffEntry] = []
        for name in Set(self.rows.filter { $0.verdict == .regressed || $0.verdict == .appeared }.map(\.benchmark)).sorted() {
            let baseResult = base.result(named: name)!
            let headResult = head.result(named: name)!
            if let before = baseResult.profile, let after = headResult.profile {
                diffs.append(
                    ProfileDiffEntry(
                        benchmark: name, functions: ProfileDiff.grown(base: before.shares, head: after.shares), unavailable: nil,
                        baseNativeProfile: Self.nativeProfile(of: before, reportPath: baseName),
                        headNativeProfile: Self.nativeProfile(of: after, reportPath: headName)))
            } else {
                let reason = headResult.profileUnavailable ?? baseResult.profileUnavailable ?? "a report has no profile"
                diffs.append(ProfileDiffEntry(benchmark: name, functions: [], unavailable: reason))
            }
        }
        profileDiffs = diffs
    }

    /// Up to five names, then how many more.
    static func list(_ names: [String]) -> String {
        names.count <= 5 ? names.joined(separator: ", ") : names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more"
    }

    /// The path of a summary's saved native profile, resolved against its report's folder.
    static func nativeProfile(of summary: ProfileSummary, reportPath: String) -> String? {
        guard let file = summary.files.first(where: { $0.hasSuffix(".sonoraprofile") }) else { return nil }
        let folder = (reportPath as NSString).deletingLastPathComponent
        return folder.isEmpty ? file : folder + "/" + file
    }

    /// Benchmarks with at least one regressed metric (or an exact cost that appeared from 0).
    public var regressedBenchmarks: [String] {
        Array(Set(rows.filter { $0.verdict == .regressed || $0.verdict == .appeared }.map(\.benchmark))).sorted()
    }

    /// Benchmarks with an inconclusive row, which fail the gate under `--fail-on-inconclusive`.
    public var inconclusiveBenchmarks: [String] {
        Array(Set(rows.filter { $0.verdict == .inconclusive }.map(\.benchmark))).sorted()
    }

    /// The exit code CI should see: crashed (3) over regression (1) over pass (0); with
    /// ``ComparisonOptions/failOnInconclusive`` an inconclusive row counts as a regression.
    public var exitCode: BenchExitCode {
        if !failedBenchmarks.isEmpty { return .crashed }
        if !regressedBenchmarks.isEmpty { return .regression }
        if options.failOnInconclusive && !inconclusiveBenchmarks.isEmpty { return .regression }
        return .pass
    }

    /// How many rows reached each verdict.
    public var verdictCounts: [Verdict: Int] {
        rows.reduce(into: [:]) { $0[$1.verdict, default: 0] += 1 }
    }
}
