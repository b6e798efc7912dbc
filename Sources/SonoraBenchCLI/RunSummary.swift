import Foundation
import SonoraBench

/// The closing lines of a saved run: what was written and how to compare it.
enum RunSummary {
    /// Names the saved report, each flame graph beside it, and the one command that compares it
    /// with the previous report.
    ///
    /// - Parameters:
    ///   - report: The report just saved.
    ///   - previous: The report to compare with (``ReportStore/previousReport(in:sharing:)``), if any.
    ///   - command: How this executable's bench commands are invoked, for example `sonora bench`.
    /// - Returns: Lines for standard output.
    static func savedFiles(report: URL, previous: URL?, command: String) -> String {
        let directory = report.deletingLastPathComponent()
        var lines = ["", "report: \(report.relativePathFromCurrentDirectory)"]
        let saved = (try? ReportStore.read(from: report))?.benchmarks ?? []
        for file in saved.flatMap({ $0.profile?.files ?? [] }) where file.hasSuffix(".svg") {
            lines.append("flame graph: \(directory.appendingPathComponent(file).relativePathFromCurrentDirectory)")
        }
        if let previous {
            lines.append("compare with the previous report: \(command) compare \(previous.relativePathFromCurrentDirectory.shellQuoted) \(report.relativePathFromCurrentDirectory.shellQuoted)")
        } else {
            lines.append("no earlier report in \(directory.relativePathFromCurrentDirectory) shares a benchmark with this one; the next run will print the compare command")
        }
        return lines.joined(separator: "\n")
    }
}

extension URL {
    /// The path relative to the current directory when the file is below it, else the absolute path.
    var relativePathFromCurrentDirectory: String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let path = standardizedFileURL.path
        return path.hasPrefix(current + "/") ? String(path.dropFirst(current.count + 1)) : path
    }
}

extension String {
    /// The string quoted for a POSIX shell when it holds anything but safe characters.
    var shellQuoted: String {
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./+=:@,"))
        if !isEmpty && unicodeScalars.allSatisfy(safe.contains) { return self }
        return "'" + replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
