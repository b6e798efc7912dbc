import Foundation

extension ReportStore {
    /// The most recently written report in `directory` (top level only), the one a new run
    /// compares against; `nil` when there is none.
    ///
    /// - Parameter directory: Usually `reports/`.
    /// - Returns: The `.json` file with the latest modification date that reads as a report.
    /// - Complexity: O(n) directory entries, reading only the candidates from newest to first valid.
    public static func latestReport(in directory: URL) -> URL? {
        let keys: [URLResourceKey] = [.contentModificationDateKey, .isRegularFileKey]
        guard let entries = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys) else {
            return nil
        }
        let candidates = entries.filter { $0.pathExtension == "json" }.compactMap { url -> (URL, Date)? in
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { return nil }
            return (url, values.contentModificationDate ?? .distantPast)
        }
        for (url, _) in candidates.sorted(by: { $0.1 > $1.1 }) where (try? read(from: url)) != nil {
            return url
        }
        return nil
    }
}
