/// Checks a decoded report for values no run can produce, so `compare` never judges on them.
enum ReportValidation {
    /// Refuses unknown statuses, negative or NaN values, duplicate benchmark names and per-process
    /// medians that disagree with their own samples.
    ///
    /// - Parameters:
    ///   - report: The decoded report.
    ///   - file: The file's path, for the message.
    /// - Throws: ``BenchError`` `.corruptReport` naming the file and the field.
    static func validate(_ report: BenchReport, file: String) throws {
        var seen: [String: Int] = [:]
        for (index, result) in report.benchmarks.enumerated() {
            let field = "benchmarks[\(index)] (\(result.name))"
            if let earlier = seen[result.name] {
                throw corrupt(file, "benchmarks[\(index)].name", "'\(result.name)' is also benchmarks[\(earlier)]; names must be unique")
            }
            seen[result.name] = index
            guard BenchmarkResult.Status.known.contains(result.status) else {
                throw corrupt(
                    file, "\(field).status",
                    "'\(result.status.rawValue)' is not one of \(BenchmarkResult.Status.known.map(\.rawValue).joined(separator: ", "))")
            }
            for (name, record) in result.metrics.sorted(by: { $0.key < $1.key }) {
                try check(record.samples, file, "\(field).metrics.\(name).samples")
                if let summary = record.summary {
                    try check([summary.median, summary.mean, summary.min, summary.max], file, "\(field).metrics.\(name).summary")
                }
            }
            for (position, process) in (result.processes ?? []).enumerated() {
                let processField = "\(field).processes[\(position)]"
                if let rounds = report.interleaving?.rounds, !(0..<rounds).contains(process.round) {
                    throw corrupt(file, "\(processField).round", "\(process.round) is outside the run's \(rounds) rounds")
                }
                for (name, metric) in process.metrics.sorted(by: { $0.key < $1.key }) {
                    let metricField = "\(processField).metrics.\(name)"
                    try check(metric.samples, file, "\(metricField).samples")
                    try check([metric.median], file, "\(metricField).median")
                    guard metric.samples.count <= metric.count, !metric.samples.isEmpty else {
                        throw corrupt(file, "\(metricField).count", "\(metric.count) does not match its \(metric.samples.count) samples")
                    }
                    if metric.samples.count == metric.count {
                        let median = Statistics.median(metric.samples)
                        if abs(median - metric.median) > 1e-9 * max(abs(median), 1) {
                            throw corrupt(
                                file, "\(metricField).median",
                                "\(metric.median) disagrees with the median of its own samples, \(median)")
                        }
                    }
                }
            }
        }
    }

    private static func check(_ values: [Double], _ file: String, _ field: String) throws {
        for (index, value) in values.enumerated() {
            if value.isNaN { throw corrupt(file, "\(field)[\(index)]", "is NaN") }
            if value < 0 { throw corrupt(file, "\(field)[\(index)]", "is negative (\(value))") }
            if value.isInfinite { throw corrupt(file, "\(field)[\(index)]", "is infinite") }
        }
    }

    private static func corrupt(_ file: String, _ field: String, _ problem: String) -> BenchError {
        BenchError(.corruptReport, "\(file) is an inconsistent benchmark report: \(field) \(problem)")
    }

    /// A decoding error's path as `benchmarks[3].status`.
    static func describe(_ error: DecodingError) -> String {
        let (path, problem): ([any CodingKey], String) =
            switch error {
            case .keyNotFound(let key, let context): (context.codingPath + [key], "is missing")
            case .typeMismatch(_, let context): (context.codingPath, "has the wrong type: \(context.debugDescription)")
            case .valueNotFound(_, let context): (context.codingPath, "is null")
            case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
            @unknown default: ([], "\(error)")
            }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return (text.isEmpty ? "the document" : text) + " " + problem
    }
}
