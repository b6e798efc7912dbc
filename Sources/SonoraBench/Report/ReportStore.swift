import Foundation
import SonoraProfiler
import SonoraSystem
#if canImport(Glibc)
import Glibc
#endif

/// Saves and loads ``BenchReport`` files: atomically, and refusing formats it does not know.
public enum ReportStore {
    /// The report's file name: `<version or short SHA>[-<label>].json`.
    ///
    /// - Parameters:
    ///   - git: The git state; its tag or short SHA names the file.
    ///   - label: An optional suffix, for example `baseline`.
    public static func fileName(git: GitState, label: String?) -> String {
        var name = git.versionName
        if let label, !label.isEmpty { name += "-" + label }
        return name.replacingOccurrences(of: "/", with: "_") + ".json"
    }

    /// Writes `report` to `url` through a temporary file in the same directory and a rename, so a
    /// crash never leaves half a report.
    ///
    /// - Throws: ``BenchError`` `.io` naming the file when it cannot be written.
    public static func write(_ report: BenchReport, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data: Data
        do {
            data = try encoder.encode(report)
        } catch {
            throw BenchError(.io, "could not encode the report for \(url.path)", cause: error)
        }
        try writeAtomically(data, to: url)
    }

    /// Writes `data` to `url` atomically: a temporary file beside it, then `rename(2)`.
    ///
    /// - Throws: ``BenchError`` `.io` naming the file.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw BenchError(.io, "could not create the directory \(directory.path)", cause: error)
        }
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw BenchError(.io, "could not write \(url.path)", cause: error)
        }
    }

    /// Makes sure reports can be saved in `directory`, creating it and its parents when missing, so a
    /// run finds out before its benchmarks run instead of after.
    ///
    /// - Parameter directory: The reports folder, for example `reports` or `reports/ab`.
    /// - Throws: ``BenchError`` `.io` naming the folder: something that is not a folder is there, or
    ///   it cannot be created or written in, with the system's reason.
    public static func prepareDirectory(_ directory: URL) throws {
        var status = stat()
        if stat(directory.path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw BenchError(.io, "cannot save reports in \(directory.path): it is not a folder")
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw BenchError(.io, "cannot create the reports folder \(directory.path): \(systemReason(error))")
            }
        }
        guard access(directory.path, W_OK | X_OK) == 0 else {
            throw BenchError(.io, "cannot save reports in \(directory.path): \(String(cString: strerror(errno)))")
        }
    }

    /// The C library's text for a Foundation file error's POSIX cause (`Not a directory`), else the
    /// error as Swift prints it.
    public static func systemReason(_ error: any Error) -> String {
        var next: (any Error)? = error
        while let current = next {
            if let posix = current as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
            let bridged = current as NSError
            if bridged.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(bridged.code))) }
            next = bridged.userInfo[NSUnderlyingErrorKey] as? any Error
        }
        return "\(error)"
    }

    /// The largest report file read: 256 MiB, far above a full suite's report (about 500 KB), so that
    /// `/dev/zero` or an endless pipe is refused instead of filling memory.
    public static let maxReportBytes = 256 << 20

    /// Reads a report.
    ///
    /// - Parameter url: The report file; a pipe or character device is read to its end.
    /// - Returns: The report.
    /// - Throws: ``BenchError`` naming the file: `.missingReport` when it does not exist, `.io` when it
    ///   cannot be read (a folder, no permission, more than ``maxReportBytes``),
    ///   `.unsupportedSchema` for a newer or unknown `schemaVersion`, `.corruptReport` otherwise.
    public static func read(from url: URL) throws -> BenchReport {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw BenchError(.missingReport, "no report at \(url.path)")
        }
        let data: Data
        do {
            data = Data(try InputFile.read(url.path, limit: maxReportBytes, kind: "benchmark report"))
        } catch let error as SystemError {
            // The message names the file and the reason (a folder, no permission, an endless device).
            throw BenchError(.io, error.message)
        }
        guard !data.isEmpty else {
            throw BenchError(.corruptReport, "\(url.path) is not a Sonora benchmark report: it is empty")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let version: Int
        do {
            version = try decoder.decode(SchemaProbe.self, from: data).schemaVersion
        } catch {
            throw BenchError(.corruptReport, "\(url.path) is not a Sonora benchmark report: no readable schemaVersion", cause: error)
        }
        guard version >= 1, version <= BenchReport.currentSchemaVersion else {
            throw BenchError(
                .unsupportedSchema,
                "\(url.path) has schemaVersion \(version), but this sonora reads versions 1...\(BenchReport.currentSchemaVersion); use a newer sonora to read it")
        }
        let report: BenchReport
        do {
            report = try decoder.decode(BenchReport.self, from: data)
        } catch let error as DecodingError {
            throw BenchError(.corruptReport, "\(url.path) is a corrupt benchmark report: \(ReportValidation.describe(error))")
        } catch {
            throw BenchError(.corruptReport, "\(url.path) is a corrupt benchmark report", cause: error)
        }
        try ReportValidation.validate(report, file: url.path)
        return report
    }

    /// The first free report name in `directory`: `<version>[-<label>].json`, else with `-2`,
    /// `-3`, … appended, so a second run with the same name never overwrites the first (nor its
    /// profile folder, nor a symlink or device of that name).
    ///
    /// - Throws: ``BenchError`` `.io` when a thousand names are taken.
    public static func unusedURL(in directory: URL, git: GitState, label: String?) throws -> URL {
        let stem = String(fileName(git: git, label: label).dropLast(".json".count))
        for attempt in 1...1_000 {
            let name = attempt == 1 ? stem : "\(stem)-\(attempt)"
            let file = directory.appendingPathComponent(name + ".json")
            let folder = directory.appendingPathComponent(name)
            if !exists(file) && !exists(folder) { return file }
        }
        throw BenchError(.io, "every report name \(stem)-N.json in \(directory.path) is taken")
    }

    /// Whether anything (a file, a folder, a symlink even if dangling) has this path.
    static func exists(_ url: URL) -> Bool {
        var status = stat()
        return lstat(url.path, &status) == 0
    }

    private struct SchemaProbe: Decodable {
        var schemaVersion: Int
    }
}
