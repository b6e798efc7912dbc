import Foundation
import Testing

/// Golden-file checks for rendered text; `SONORA_RECORD_SNAPSHOTS=1` re-records them in place.
public enum Snapshot {
    /// Whether this run re-records snapshots instead of checking them.
    public static var recording: Bool { ProcessInfo.processInfo.environment["SONORA_RECORD_SNAPSHOTS"] == "1" }

    /// Checks `text` against the file `name` in `directory`, or records it.
    /// - Parameters:
    ///   - text: What the code under test rendered.
    ///   - name: The snapshot's file name.
    ///   - directory: The source folder of the snapshots (pass a path derived from `#filePath`).
    public static func assertMatches(
        _ text: String, named name: String, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing snapshot \(url.path); run the tests with SONORA_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        if expected != text {
            let actual = URL(fileURLWithPath: "/tmp").appendingPathComponent("actual-" + name)
            try? Data(text.utf8).write(to: actual)
            Issue.record("\(name) differs from its snapshot (actual output in \(actual.path)); re-record with SONORA_RECORD_SNAPSHOTS=1 if the change is intended", sourceLocation: sourceLocation)
        }
    }
}
