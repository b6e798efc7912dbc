import Foundation

extension ReportStore {
    /// The saved report a new run should be compared with: of the reports in `directory` (top level
    /// only) that share a benchmark with the run, the one that shares the most, and of those the newest
    /// by the `timestamp` recorded in it. `nil` when no report there shares a benchmark.
    ///
    /// The recorded time decides, not the file's date: a `git clone` or a copy gives every report in
    /// `reports/` about the same modification date, in no useful order. The file's date only breaks
    /// ties between reports that record the same time.
    ///
    /// - Parameters:
    ///   - directory: Usually `reports/`.
    ///   - benchmarks: The names of the run's benchmarks.
    /// - Returns: A `.json` file that reads as a report.
    /// - Complexity: Reads every `.json` file in `directory`.
    public static func previousReport(in directory: URL, sharing benchmarks: some Sequence<String>) -> URL? {
        let names = Set(benchmarks)
        var best: (url: URL, shared: Int, recorded: Date, modified: Date)?
        for (url, modified) in reportFiles(in: directory) {
            guard let report = try? read(from: url) else { continue }
            let shared = report.benchmarks.reduce(0) { $0 + (names.contains($1.name) ? 1 : 0) }
            guard shared > 0 else { continue }
            let candidate = (url: url, shared: shared, recorded: report.timestamp, modified: modified)
            if let current = best,
                (current.shared, current.recorded, current.modified) >= (shared, report.timestamp, modified)
            {
                continue
            }
            best = candidate
        }
        return best?.url
    }

    /// The most recently written report in `directory` (top level only), by the file's modification
    /// date; `nil` when there is none. A new run compares against ``previousReport(in:sharing:)``.
    ///
    /// - Parameter directory: Usually `reports/`.
    /// - Returns: The `.json` file with the latest modification date that reads as a report.
    /// - Complexity: O(n) directory entries, reading only the candidates from newest to first valid.
    public static func latestReport(in directory: URL) -> URL? {
        for (url, _) in reportFiles(in: directory).sorted(by: { $0.modified > $1.modified }) where (try? read(from: url)) != nil {
            return url
        }
        return nil
    }

    /// The regular `.json` files at the top of `directory`, with their modification dates.
    private static func reportFiles(in directory: URL) -> [(url: URL, modified: Date)] {
        let keys: [URLResourceKey] = [.contentModificationDateKey, .isRegularFileKey]
        guard let entries = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys) else {
            return []
        }
        return entries.filter { $0.pathExtension == "json" }.compactMap { url in
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { return nil }
            return (url, values.contentModificationDate ?? .distantPast)
        }
    }
}
