import Foundation
import SonoraProfiler

extension BenchSession {
    /// Saves each benchmark's profile beside a saved report: `<report name>/<benchmark>.sonoraprofile`
    /// (the native format) and `<benchmark>.svg` (a flame graph), and records the files in the
    /// report's profile summaries.
    ///
    /// Only the samples the summary was made from are kept: the benchmark thread's for synchronous
    /// benchmarks.
    ///
    /// - Parameters:
    ///   - profiles: Full profiles by benchmark name, as ``run(_:progress:)`` returns them.
    ///   - report: The report, updated with the saved files' paths relative to its folder.
    ///   - reportURL: Where the report is (or will be) saved.
    /// - Throws: ``BenchError`` `.io` naming a file that could not be written.
    public static func saveProfiles(_ profiles: [String: Profile], for report: inout BenchReport, at reportURL: URL) throws {
        let folderName = reportURL.deletingPathExtension().lastPathComponent
        let folder = reportURL.deletingLastPathComponent().appendingPathComponent(folderName)
        for index in report.benchmarks.indices {
            let name = report.benchmarks[index].name
            guard var profile = profiles[name], report.benchmarks[index].profile != nil else { continue }
            if let threadID = report.benchmarks[index].profileThreadID {
                profile.samples = profile.samples.filter { $0.threadID == threadID }
                profile.threads = profile.threads.filter { $0.id == threadID }
            }
            var files: [String] = []
            for format in [ProfileFormat.native, .svg] {
                let file = "\(name).\(format.fileExtension)"
                let url = folder.appendingPathComponent(file)
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    try profile.write(to: url, format: format, flameGraph: .init(title: "\(name) (\(report.git.versionName))"))
                } catch {
                    throw BenchError(.io, "could not write the profile \(url.path)", cause: error)
                }
                files.append(folderName + "/" + file)
            }
            report.benchmarks[index].profile?.files = files
        }
    }
}
