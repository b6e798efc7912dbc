import Foundation

/// Renders a run's results as the table `sonora bench run` prints at the end.
public enum RunTableRenderer {
    /// Renders `report`: one row per benchmark, then warnings and each benchmark's top functions.
    ///
    /// - Parameters:
    ///   - report: The run's report.
    ///   - topFunctions: How many of each profile's functions to list by self share.
    public static func render(_ report: BenchReport, topFunctions: Int = 3) -> String {
        let header = ["benchmark", "wall/op", "±95% CI", "cpu/op", "throughput", "allocs/op", "B/op", "ctxsw", "instr/op", "peak RSS Δ", "samples"]
        let rows = report.benchmarks.map { result -> [String] in
            guard result.status == .ok else {
                return [result.name, "FAILED"] + Array(repeating: "", count: header.count - 2)
            }
            func median(_ metric: Metric) -> String {
                guard let record = result[metric] else { return "-" }
                guard let summary = record.summary else { return record.unavailable == nil ? "-" : "n/a" }
                return Format.value(summary.median, metric: metric)
            }
            var interval = "-"
            if let wall = result[.wall]?.summary, wall.median > 0 {
                let halfWidth = (wall.medianCIHigh - wall.medianCILow) / 2 / wall.median
                interval = String(format: "%.1f%%", halfWidth * 100)
            }
            let rss = result.peakRSSDeltaBytes.map { Format.compact(Double($0)) + "B" } ?? "-"
            var samples = "\(result[.wall]?.totalSamples ?? 0)×\(result.batchSize)"
            if let processes = result.processes, processes.count > 1 { samples += " in \(processes.count) proc" }
            return [
                result.name, median(.wall), interval, median(.cpu), median(.throughput), median(.allocations),
                median(.allocatedBytes), median(.contextSwitches), median(.instructions), rss, samples,
            ]
        }
        var out = TextTable.render(header: header, rows: rows, rightAligned: Set(1..<header.count))
        for result in report.benchmarks {
            var lines: [String] = []
            if let failure = result.failure { lines.append("  failed: \(failure)") }
            lines += result.warnings.map { "  warning: \($0)" }
            if let profile = result.profile {
                let top = profile.functions.sorted { $0.selfShare > $1.selfShare }.prefix(topFunctions)
                let listed = top.map { String(format: "%.1f%% ", $0.selfShare * 100) + $0.name }
                if !listed.isEmpty { lines.append("  top self: " + listed.joined(separator: "; ")) }
            } else if let reason = result.profileUnavailable {
                lines.append("  \(reason)")
            }
            if !lines.isEmpty { out += "\n\(result.name)\n" + lines.joined(separator: "\n") + "\n" }
        }
        let ratios = BaselineRatio.all(in: report)
        if !ratios.isEmpty {
            out += "\nratios to baselines:\n" + ratios.map { "  " + $0.line }.joined(separator: "\n") + "\n"
        }
        if let instructions = report.benchmarks.lazy.compactMap({ $0[.instructions]?.unavailable }).first {
            out += "\ninstructions: unavailable (\(instructions))\n"
        }
        return out
    }
}
