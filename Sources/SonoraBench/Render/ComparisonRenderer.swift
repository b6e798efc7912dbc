import Foundation

/// Renders a ``Comparison`` as a text table, a Markdown CI summary, or JSON.
public struct ComparisonRenderer: Sendable {
    /// An output format; an extensible set.
    public struct Format: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let text = Format(rawValue: "text")
        public static let markdown = Format(rawValue: "markdown")
        public static let json = Format(rawValue: "json")
        public static let all: [Format] = [.text, .markdown, .json]
    }

    public var format: Format

    public init(format: Format) {
        self.format = format
    }

    /// Renders `comparison`.
    /// - Throws: ``BenchError`` `.io` if JSON encoding fails.
    public func render(_ comparison: Comparison) throws -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            do {
                return String(decoding: try encoder.encode(JSONOutput(comparison)), as: UTF8.self) + "\n"
            } catch {
                throw BenchError(.io, "could not encode the comparison as JSON", cause: error)
            }
        case .markdown:
            return markdown(comparison)
        default:
            return text(comparison)
        }
    }

    private struct JSONOutput: Encodable {
        var comparison: Comparison
        var regressed: [String]
        var exitCode: Int32
        init(_ comparison: Comparison) {
            self.comparison = comparison
            self.regressed = comparison.regressedBenchmarks
            self.exitCode = comparison.exitCode.rawValue
        }
    }

    private func cells(_ row: ComparisonRow) -> [String] {
        let interval: String
        if let low = row.ratioLow, let high = row.ratioHigh {
            interval = String(format: "[%.3f, %.3f]", low, high)
        } else {
            interval = "exact"
        }
        let p = row.adjustedPValue.map { $0 < 0.0001 ? "<0.0001" : String(format: "%.4f", $0) } ?? "-"
        let change = row.ratio.map { SonoraBench.Format.change($0) } ?? (row.head == row.base ? "+0.0%" : "from 0")
        let test = row.method == .exact ? "exact" : "\(row.method) ×\(row.replicates)"
        let verdict: String =
            switch row.verdict {
            case .regressed: "REGRESSED"
            case .appeared: "APPEARED (base 0)"
            default: row.verdict.rawValue
            }
        return [
            row.benchmark, row.metric.rawValue, SonoraBench.Format.value(row.base, metric: row.metric),
            SonoraBench.Format.value(row.head, metric: row.metric), change, interval, p, test, verdict,
            row.context.joined(separator: "; "),
        ]
    }

    private static let header = ["benchmark", "metric", "base", "head", "change", "95% CI of ratio", "p (Holm)", "test", "verdict", "context"]

    private func summaryLine(_ comparison: Comparison) -> String {
        let counts = comparison.verdictCounts
        let parts = [Verdict.regressed, .appeared, .improved, .unchanged, .inconclusive].filter { $0 != .appeared || counts[$0] != nil }.map { "\(counts[$0] ?? 0) \($0.rawValue)" }
        var line = parts.joined(separator: ", ")
        if !comparison.failedBenchmarks.isEmpty {
            line += "; failed: " + comparison.failedBenchmarks.joined(separator: ", ")
        }
        if comparison.options.failOnInconclusive, comparison.regressedBenchmarks.isEmpty, !comparison.inconclusiveBenchmarks.isEmpty {
            line += "; inconclusive fails (--fail-on-inconclusive): " + comparison.inconclusiveBenchmarks.joined(separator: ", ")
        }
        return line + " (exit \(comparison.exitCode.rawValue))"
    }

    private func text(_ comparison: Comparison) -> String {
        var out = "Comparing \(comparison.headName) (head) with \(comparison.baseName) (base); \(comparison.options.thresholdSummary)\n"
        for note in comparison.notes { out += note + "\n" }
        out += TextTable.render(header: Self.header, rows: comparison.rows.map(cells), rightAligned: [2, 3, 4, 6])
        for diff in comparison.profileDiffs {
            out += "\nProfile diff for \(diff.benchmark): functions whose share grew most (self, cumulative)\n"
            if let reason = diff.unavailable {
                out += "  \(reason)\n"
                continue
            }
            if diff.functions.isEmpty { out += "  no function's share grew\n" }
            for change in diff.functions {
                out += String(format: "  %+6.1f%% %+6.1f%%  ", change.selfShareDelta * 100, change.cumulativeShareDelta * 100)
                out += "\(change.name)  [\(change.module)]\n"
            }
            if let files = diff.nativeProfiles {
                out += "  full profiles: sonora profile diff \(files.base) \(files.head)\n"
            }
        }
        out += "\n" + summaryLine(comparison) + "\n"
        return out
    }

    private func markdown(_ comparison: Comparison) -> String {
        let icon = comparison.exitCode == .pass ? "✅" : comparison.exitCode == .regression ? "❌" : "⚠️"
        var out = "### \(icon) Benchmarks: `\(comparison.headName)` vs `\(comparison.baseName)`\n\n"
        out += summaryLine(comparison) + "; \(comparison.options.thresholdSummary).\n\n"
        for note in comparison.notes { out += "> \(note)\n" }
        if !comparison.notes.isEmpty { out += "\n" }
        out += "| " + Self.header.joined(separator: " | ") + " |\n"
        out += "|" + Self.header.indices.map { [2, 3, 4, 6].contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for row in comparison.rows {
            var values = cells(row).map { $0.replacingOccurrences(of: "|", with: "\\|") }
            values[0] = "`\(values[0])`"
            if row.verdict == .regressed || row.verdict == .appeared { values[8] = "**\(values[8].lowercased())**" }
            out += "| " + values.joined(separator: " | ") + " |\n"
        }
        for diff in comparison.profileDiffs {
            out += "\n<details open><summary>Profile diff for <code>\(diff.benchmark)</code></summary>\n\n"
            if let reason = diff.unavailable {
                out += "\(reason)\n\n</details>\n"
                continue
            }
            out += "| self share growth | cumulative share growth | function | module |\n| ---: | ---: | --- | --- |\n"
            for change in diff.functions {
                out += String(format: "| %+.1f%% | %+.1f%% | ", change.selfShareDelta * 100, change.cumulativeShareDelta * 100)
                out += "`\(change.name)` | \(change.module) |\n"
            }
            if let files = diff.nativeProfiles {
                out += "\nFull profiles: `sonora profile diff \(files.base) \(files.head)`\n"
            }
            out += "\n</details>\n"
        }
        return out
    }
}
