import Foundation
import SonoraTestSupport

/// Finds the real clients the tests check against (promtool, prometheus, python3 with psutil).
///
/// Off CI a missing tool disables its test; with `CI=true` the test runs and fails with a message
/// naming the tool, so CI never passes by skipping.
enum ExternalTools {
    struct Missing: Error, CustomStringConvertible {
        var tool: String
        var description: String { "\(tool) is not installed; .ci/setup installs it (apt: prometheus; pip: psutil)" }
    }

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static func path(_ tool: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func available(_ tool: String) -> Bool { path(tool) != nil }

    static var psutilAvailable: Bool {
        (try? run("python3", ["-c", "import psutil"]).status) == 0
    }

    /// The tool's path, or ``Missing``.
    static func require(_ tool: String) throws -> String {
        guard let path = path(tool) else { throw Missing(tool: tool) }
        return path
    }

    /// Runs `tool` with `arguments` and `input` through ``CommandRunner``, returning its exit status and
    /// its standard output followed by its standard error.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        let run = try CommandRunner.run(URL(fileURLWithPath: try require(tool)), arguments, input: input)
        return (run.status, run.output + run.error)
    }
}
