import Foundation
import Testing

/// Golden-file checks for rendered text and exported bytes; `SONORA_RECORD_SNAPSHOTS=1` re-records them in place.
public enum Snapshot {
    /// Whether this run re-records snapshots instead of checking them.
    public static var recording: Bool { ProcessInfo.processInfo.environment["SONORA_RECORD_SNAPSHOTS"] == "1" }

    /// The `Snapshots` folder beside the source file `filePath` (pass `#filePath`): every test
    /// target keeps its snapshots there.
    public static func folder(besides filePath: String) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    }

    /// Checks `data` against the file `name` in `directory`, byte for byte, or records it.
    /// - Parameters:
    ///   - data: What the code under test wrote.
    ///   - name: The snapshot's file name.
    ///   - directory: The source folder of the snapshots (pass a path derived from `#filePath`).
    public static func assertMatches(
        _ data: Data, named name: String, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
            return
        }
        guard let expected = try? Data(contentsOf: url) else {
            Issue.record("missing snapshot \(url.path); run the tests with SONORA_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        if expected != data {
            let actual = URL(fileURLWithPath: "/tmp").appendingPathComponent("actual-" + name)
            try? data.write(to: actual)
            Issue.record("\(name) differs from its snapshot (\(expected.count) bytes expected, \(data.count) written; actual output in \(actual.path)); re-record with SONORA_RECORD_SNAPSHOTS=1 if the change is intended", sourceLocation: sourceLocation)
        }
    }

    /// Checks `text` against the file `name` in `directory`, or records it.
    public static func assertMatches(
        _ text: String, named name: String, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try assertMatches(Data(text.utf8), named: name, in: directory, sourceLocation: sourceLocation)
    }
}
