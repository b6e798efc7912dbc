extension BenchmarkResult {
    /// One benchmark's result over several fresh processes: each process's summary kept in
    /// ``processes``, the samples pooled into ``metrics`` for the run table.
    ///
    /// A crash in any process makes the result crashed; a throw makes it failed. A metric
    /// unavailable in one process is unavailable.
    ///
    /// - Parameters:
    ///   - results: The processes' own results, in the order run, with their rounds and pids.
    ///   - cap: The most pooled samples kept per metric.
    /// - Returns: The pooled result.
    /// - Complexity: O(samples log samples) per metric, plus the bootstrap of each pooled summary.
    static func pooling(_ results: [(result: BenchmarkResult, round: Int, pid: Int32)], cap: Int) -> BenchmarkResult {
        precondition(!results.isEmpty, "pooling needs at least one process")
        let ok = results.filter { $0.result.status == .ok }
        if let broken = results.first(where: { $0.result.status == .crashed }) ?? results.first(where: { $0.result.status != .ok }) {
            var result = ok.first?.result ?? broken.result
            result.status = broken.result.status
            result.failure = "process \(broken.round + 1) of \(results.count) (pid \(broken.pid)): \(broken.result.failure ?? "no result")"
            result.metrics = [:]
            result.processes = nil
            return result
        }
        var pooled = ok[0].result
        let total = ok.count
        pooled.processes = ok.map { entry in
            ProcessRun(
                round: entry.round, pid: entry.pid, batchSize: entry.result.batchSize,
                metrics: entry.result.metrics.compactMapValues(ProcessMetric.init), warnings: entry.result.warnings)
        }
        var metrics: [String: MetricRecord] = [:]
        for (name, first) in pooled.metrics {
            if let reason = ok.lazy.compactMap({ $0.result.metrics[name]?.unavailable }).first ?? first.unavailable {
                metrics[name] = MetricRecord(unit: first.unit, unavailable: reason)
                continue
            }
            let samples = ok.flatMap { $0.result.metrics[name]?.samples ?? [] }
            metrics[name] = samples.isEmpty ? nil : MetricRecord(unit: first.unit, samples: samples, cap: cap)
        }
        pooled.metrics = metrics
        pooled.timerOverheadNanos = Statistics.median(ok.map(\.result.timerOverheadNanos))
        let harness = ok.compactMap(\.result.harnessOverheadNanos)
        pooled.harnessOverheadNanos = harness.isEmpty ? nil : Statistics.median(harness)
        pooled.peakRSSDeltaBytes = ok.compactMap(\.result.peakRSSDeltaBytes).max()
        pooled.peakRSSIsLocal = ok.allSatisfy(\.result.peakRSSIsLocal)
        if let profiled = ok.first(where: { $0.result.profile != nil }) {
            pooled.profile = profiled.result.profile
            pooled.profileThreadID = profiled.result.profileThreadID
            pooled.profileUnavailable = nil
        }
        pooled.warnings = Self.mergedWarnings(ok.map(\.result.warnings), processes: total)
        return pooled
    }

    /// One warning per kind (the text before the first colon), the first instance, with how many
    /// processes raised it.
    static func mergedWarnings(_ perProcess: [[String]], processes: Int) -> [String] {
        var order: [String] = []
        var first: [String: String] = [:]
        var counts: [String: Int] = [:]
        for warnings in perProcess {
            var seen = Set<String>()
            for warning in warnings {
                let kind = String(warning.prefix { $0 != ":" })
                if first[kind] == nil {
                    first[kind] = warning
                    order.append(kind)
                }
                if seen.insert(kind).inserted { counts[kind, default: 0] += 1 }
            }
        }
        return order.map { kind in
            processes > 1 ? "\(first[kind]!) (in \(counts[kind]!) of \(processes) processes)" : first[kind]!
        }
    }
}
