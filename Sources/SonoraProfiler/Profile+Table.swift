import Foundation

extension Profile {
    /// The function table sorted by cumulative time, top 20, like pstats `print_stats(20)`.
    public var profileStats: String { table(sortedBy: .cumulative, limit: 20) }

    /// Renders the function table like pstats `print_stats`.
    ///
    /// The header gives the sample counts, seconds, mode and frequency, and the sort order; each
    /// row gives `nsamples  tottime  tot%  cumtime  cum%  filename:lineno(function)`, where
    /// `nsamples` is the weighted samples with the function anywhere on the stack. A per-thread
    /// summary and the sampler's health follow the rows.
    ///
    /// - Parameters:
    ///   - key: The order of the rows.
    ///   - limit: The most rows to show, 0 or less for all; the header says when the list was reduced.
    /// - Returns: The table, lines separated by `\n`, ending in a newline.
    /// - Complexity: O(total frames over all samples + f log f) for f functions.
    public func table(sortedBy key: TableSortKey = .cumulative, limit: Int = 20) -> String {
        let aggregate = ProfileAggregate(self)
        let rows = Self.sorted(Array(aggregate.functions.values), by: key)
        let shown = limit > 0 ? rows.prefix(limit) : rows[...]
        let total = max(aggregate.totalSamples, 1)
        var lines: [String] = []

        lines.append(
            "   \(sampleCount) samples (\(weightedSampleCount) weighted, \(Self.seconds(Double(weightedSampleCount) * period)) s sampled) "
                + "in \(Self.seconds(executionTime)) seconds, \(metadata.mode) mode at \(metadata.frequency) Hz" + onCPUNote())
        lines.append("")
        lines.append("   Ordered by: \(Self.orderDescription(key))")
        if shown.count < rows.count {
            lines.append("   List reduced from \(rows.count) to \(shown.count) due to restriction <\(limit)>")
        }
        lines.append("")
        lines.append("   nsamples  tottime   tot%  cumtime   cum%  filename:lineno(function)")
        for row in shown {
            let columns = [
                Self.pad(String(row.totalSamples), 11),
                Self.pad(Self.seconds(row.selfTime), 9),
                Self.pad(Self.percent(row.selfSamples, of: total), 7),
                Self.pad(Self.seconds(row.cumulativeTime), 9),
                Self.pad(Self.percent(row.totalSamples, of: total), 7),
            ]
            lines.append(columns.joined() + "  " + Self.location(row))
        }
        lines.append("")
        lines.append(contentsOf: threadSummary(total: total))
        lines.append(contentsOf: healthFooter())
        return lines.joined(separator: "\n") + "\n"
    }

    /// `file:line(function)`, or `module:0(function)` when the function has no debug info, as
    /// pstats prints `~:0(<built-in>)`.
    static func location(_ stats: FunctionStats) -> String {
        let function = printable(stats.name)
        if let file = stats.file {
            let name = file.split(separator: "/").last.map(String.init) ?? file
            return "\(printable(name)):\(stats.line ?? 0)(\(function))"
        }
        return "\(printable(stats.module)):0(\(function))"
    }

    static func sorted(_ rows: [FunctionStats], by key: TableSortKey) -> [FunctionStats] {
        rows.sorted { left, right in
            switch key {
            case .selfTime:
                return (left.selfSamples, left.totalSamples, right.name) > (right.selfSamples, right.totalSamples, left.name)
            case .name:
                return (left.name, left.module) < (right.name, right.module)
            case .file:
                return (left.file ?? "~" + left.module, left.line ?? 0, left.name) < (right.file ?? "~" + right.module, right.line ?? 0, right.name)
            case .samples:
                return (left.totalSamples, right.name) > (right.totalSamples, left.name)
            default:  // .cumulative and anything unknown
                return (left.totalSamples, left.selfSamples, right.name) > (right.totalSamples, right.selfSamples, left.name)
            }
        }
    }

    static func orderDescription(_ key: TableSortKey) -> String {
        switch key {
        case .selfTime: return "internal time"
        case .name: return "function name"
        case .file: return "file name"
        case .samples: return "sample count"
        case .cumulative: return "cumulative time"
        default: return key.rawValue
        }
    }

    private func threadSummary(total: Int) -> [String] {
        let names = Dictionary(threads.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let perThread = ProfileAggregate.weightedSamplesByThread(self)
        guard !perThread.isEmpty else { return [] }
        var lines = ["   Threads:"]
        let sorted = perThread.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) })
        for (id, weight) in sorted.prefix(Self.threadRows) {
            let name = names[id].flatMap { $0.isEmpty ? nil : " \"\($0)\"" } ?? ""
            lines.append("     tid \(id)\(name): \(weight) samples (\(Self.percent(weight, of: total)))")
        }
        if sorted.count > Self.threadRows {
            let rest = sorted.dropFirst(Self.threadRows).reduce(into: 0) { $0.addSaturating($1.value) }
            lines.append("     \(sorted.count - Self.threadRows) more threads: \(rest) samples (\(Self.percent(rest, of: total)))")
        }
        lines.append("")
        return lines
    }

    /// `, 62.5% on CPU` when samples carry on/off-CPU tags (wall mode); empty otherwise.
    private func onCPUNote() -> String {
        var tagged = 0
        var onCPU = 0
        for sample in samples {
            guard let isOnCPU = sample.onCPU else { continue }
            tagged.addSaturating(sample.weight)
            if isOnCPU { onCPU.addSaturating(sample.weight) }
        }
        return tagged == 0 ? "" : ", \(Self.percent(onCPU, of: tagged)) on CPU"
    }

    /// The most threads the summary lists one by one.
    static let threadRows = 10

    private func healthFooter() -> [String] {
        let peakNote = memory.peakIsSessionLocal ? "session peak" : "process-lifetime peak; clear_refs was not writable"
        return [
            "   Sampler health: \(health.samplesTaken) samples taken, \(health.samplesDropped) dropped, "
                + "\(health.walkerFallbacks) walker fallbacks, \(health.copyLimitHits) copy-limit hits",
            "   Handler cost: median \(Self.micros(health.handlerMedianNanos)) µs, p99 \(Self.micros(health.handlerP99Nanos)) µs; "
                + "\(health.threadsSeen) \(health.threadsSeen == 1 ? "thread" : "threads") seen",
            "   RSS: \(Self.megabytes(memory.rssAtStartMB)) MB at start, \(Self.megabytes(memory.peakMB)) MB peak (\(peakNote)), "
                + "\(Self.megabytes(memory.rssAtEndMB)) MB at end",
        ]
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }
    private static func micros(_ nanos: Double) -> String { String(format: "%.1f", nanos / 1000) }
    private static func megabytes(_ value: Double) -> String { String(format: "%.1f", value) }
    private static func percent(_ part: Int, of total: Int) -> String {
        String(format: "%.1f%%", Double(part) * 100 / Double(max(total, 1)))
    }
    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
