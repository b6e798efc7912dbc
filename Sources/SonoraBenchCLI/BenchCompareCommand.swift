import ArgumentParser
import Foundation
import SonoraBench

struct BenchCompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a head report with a base report and gate on regressions.",
        discussion: """
            Timed metrics are tested at the level of processes: paired per-round ratios for the two \
            reports of one `bench ab` run, Welch's t on per-process medians for separate runs, and \
            (for one-process reports) Mann-Whitney over batches. A timed metric regresses when the \
            test is significant after Holm's correction across all timed rows AND the estimate \
            lies past the threshold. Allocations, bytes and instructions compare exactly over a \
            fixed operation count, ignoring differences below a floor. Exit codes: 0 pass; \
            1 regression (or inconclusive with --fail-on-inconclusive); 2 usage error or corrupt \
            report; 3 a benchmark crashed; 4 missing or incomparable baseline.
            """
    )

    @Argument(help: "The baseline report, for example the last release's.")
    var base: String

    @Argument(help: "The candidate report.")
    var head: String

    @Option(help: "Relative change that counts, as PCT for every metric or METRIC=PCT for one (repeatable).")
    var threshold: [String] = ["5%"]

    @Option(name: .customLong("threshold-for"), help: "A benchmark's own threshold, as NAME=PCT (repeatable).")
    var thresholdFor: [String] = []

    @Option(help: "text, markdown or json.")
    var format = "text"

    @Option(help: "Metrics to compare: wall, cpu, allocs, bytes, instructions, ctxsw, throughput or all (repeatable or comma-separated).")
    var metric: [String] = []

    @Flag(help: "Compare reports from different machines, with a warning.")
    var allowDifferentMachines = false

    @Flag(help: "Fail (exit 1) when a row is inconclusive, not only when one regressed.")
    var failOnInconclusive = false

    @Option(help: "An exact metric's absolute floor, as METRIC=VALUE (repeatable), for example allocs=1.")
    var floor: [String] = []

    func run() async throws {
        let renderer = ComparisonRenderer(format: .init(rawValue: format))
        guard ComparisonRenderer.Format.all.contains(renderer.format) else {
            throw benchFailure(BenchError(.invalidArgument, "--format '\(format)' is not text, markdown or json"))
        }
        try await exitingWithComparison {
            let options = try ComparisonOptions.parse(
                thresholds: threshold, thresholdsFor: thresholdFor, metrics: metric, floors: floor,
                allowDifferentMachines: allowDifferentMachines, failOnInconclusive: failOnInconclusive)
            let baseReport = try ReportStore.read(from: URL(fileURLWithPath: base))
            let headReport: BenchReport
            do {
                headReport = try ReportStore.read(from: URL(fileURLWithPath: head))
            } catch let error as BenchError where error.code == .missingReport || error.code == .unsupportedSchema {
                // Only the baseline maps to exit 4; a missing or unreadable head is a usage error.
                throw BenchError(.invalidArgument, error.message)
            }
            let comparison = try Comparison(
                base: baseReport, head: headReport, baseName: base, headName: head, options: options)
            print(try renderer.render(comparison), terminator: "")
            return comparison
        }
    }
}
