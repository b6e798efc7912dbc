import Foundation
import SonoraProfiler
import SonoraTestSupport
import Testing

/// Golden files under `Snapshots/`; `SONORA_RECORD_SNAPSHOTS=1` re-records them.
enum Golden {
    static let directory = Snapshot.folder(besides: #filePath)

    /// Compares `data` with the golden file `name`, byte for byte, or records it.
    static func check(_ data: Data, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Snapshot.assertMatches(data, named: name, in: directory, sourceLocation: sourceLocation)
    }

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try check(Data(text.utf8), named: name, sourceLocation: sourceLocation)
    }
}

/// Writes `profile` as `format` to a file named `name` in a fresh temporary folder, runs `body`
/// on the file's URL, then removes the folder.
func withExportedFile<T>(
    _ profile: Profile, as format: ProfileFormat = .native, named name: String, flameGraph: FlameGraphOptions = .init(),
    _ body: (URL) throws -> T
) throws -> T {
    try withTemporaryDirectory { directory in
        let url = directory.appendingPathComponent(name)
        try profile.write(to: url, format: format, flameGraph: flameGraph)
        return try body(url)
    }
}

/// This test target's `Fixtures/` in the source tree (checker scripts, `profile.proto`, golden files).
let fixtures = FixtureFolder(besides: #filePath)

/// Runs the real Python clients (pstats, snakeviz, gprof2dot, protobuf) that the exports must satisfy.
enum Python {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `executable` with `arguments` and returns its standard output; throws with stderr when it fails.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let run = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [executable] + arguments, timeout: 600)
        guard run.status == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited with \(run.status): \(run.error)")
        }
        return Data(run.output.utf8)
    }

    /// Runs a checker script from `Fixtures/` and decodes its JSON output.
    static func check(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        let output = try run("python3", [fixtures.url(script).path] + arguments)
        guard let object = try JSONSerialization.jsonObject(with: output) as? [String: Any] else {
            throw Failure(description: "\(script) printed no JSON object: \(String(decoding: output, as: UTF8.self))")
        }
        return object
    }

    /// Whether python3 can import every module in `modules`.
    static func has(_ modules: String...) -> Bool {
        (try? run("python3", ["-c", modules.map { "import \($0)" }.joined(separator: "; ")])) != nil
    }

    /// Whether `command` is on the PATH.
    static func hasCommand(_ command: String) -> Bool {
        (try? run("sh", ["-c", "command -v \(command)"])) != nil
    }
}
