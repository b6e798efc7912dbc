import ArgumentParser
import Foundation
import SonoraBench

struct BenchCompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a head report with a base report and gate on regressions.",
        discussion: """
            A timed metric regresses when the Mann-Whitney U test is significant after Holm's \
            correction across benchmarks AND the whole 95% Hodges-Lehmann interval of head/base lies \
            past the threshold. Allocations and instructions compare exactly. Exit codes: 0 pass; \
            1 regression; 2 usage error or corrupt report; 3 a benchmark crashed; 4 missing or \
            incomparable baseline.
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

    func run() async throws {
        let renderer = ComparisonRenderer(format: .init(rawValue: format))
        guard ComparisonRenderer.Format.all.contains(renderer.format) else {
            throw benchFailure(BenchError(.invalidArgument, "--format '\(format)' is not text, markdown or json"))
        }
        do {
            var options = ComparisonOptions(allowDifferentMachines: allowDifferentMachines)
            for value in threshold {
                if value.contains("=") {
                    let (name, fraction) = try ComparisonOptions.parseAssignment(value)
                    guard !(try ComparisonOptions.parseMetrics([name])).isEmpty else { continue }
                    options.metricThresholds[try ComparisonOptions.parseMetrics([name])[0].rawValue] = fraction
                } else {
                    options.threshold = try ComparisonOptions.parsePercentage(value)
                }
            }
            for value in thresholdFor {
                let (name, fraction) = try ComparisonOptions.parseAssignment(value)
                options.benchmarkThresholds[name] = fraction
            }
            if !metric.isEmpty { options.metrics = try ComparisonOptions.parseMetrics(metric) }
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
            let code = comparison.exitCode
            if code != .pass { throw code.exitCode }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw benchFailure(error)
        }
    }
}
