import Foundation
import SonoraTestSupport
import Synchronization
import Testing
@testable import SonoraBench

@Suite struct RefBuildTests {
    @Test func aSyncTouchesOnlyTheFilesThatDiffer() throws {
        try withTemporaryDirectory { root in
            let manager = FileManager.default
            let old = root.appendingPathComponent("old")
            let new = root.appendingPathComponent("new")
            try write(["same.swift": "let a = 1", "changed.swift": "let b = 1", "gone.swift": "let c = 1", "dir/deep.txt": "x"], in: old)
            try write(["same.swift": "let a = 1", "changed.swift": "let b = 2", "added.swift": "let d = 1", "dir/deep.txt": "x"], in: new)
            let past = Date(timeIntervalSince1970: 1_000_000)
            for name in ["same.swift", "changed.swift", "dir/deep.txt"] {
                try manager.setAttributes([.modificationDate: past], ofItemAtPath: old.appendingPathComponent(name).path)
            }

            #expect(try SourceSync.sync(from: new, to: old) == 3)  // changed, added, gone
            #expect(try SourceSync.entries(of: old) == ["same.swift", "changed.swift", "added.swift", "dir/deep.txt"])
            #expect(try String(contentsOf: old.appendingPathComponent("changed.swift"), encoding: .utf8) == "let b = 2")
            let kept = try manager.attributesOfItem(atPath: old.appendingPathComponent("same.swift").path)[.modificationDate] as? Date
            #expect(kept == past)
            let replaced = try manager.attributesOfItem(atPath: old.appendingPathComponent("changed.swift").path)[.modificationDate] as? Date
            #expect(replaced != past)
        }
    }

    /// A real `--base-ref` build of a one-file package at two commits: the second build syncs one
    /// file, the binaries are kept apart, and asking for the first commit again reuses its binary.
    @Test func aRefIsBuiltIncrementallyAndItsBinaryIsKept() throws {
        try withTemporaryDirectory { repository in
            try write(
                [
                    "Package.swift": """
                    // swift-tools-version: 5.9
                    import PackageDescription
                    let package = Package(name: "tiny", targets: [.executableTarget(name: "tiny", path: "Sources")])
                    """,
                    "Sources/main.swift": #"print("first")"#,
                ], in: repository)
            let first = try git(["init", "-q"], ["add", "-A"], ["commit", "-qm", "first"], in: repository)
            try write(["Sources/main.swift": #"print("second")"#], in: repository)
            let second = try git(["commit", "-qam", "second"], in: repository)

            let lines = Mutex<[String]>([])
            let log: @Sendable (String) -> Void = { line in lines.withLock { $0.append(line) } }
            let built1 = try RefBuild.build(ref: first, repository: repository, configuration: "debug", product: "tiny", log: log)
            let built2 = try RefBuild.build(ref: second, repository: repository, configuration: "debug", product: "tiny", log: log)
            #expect(try output(of: built1.binary) == "first")
            #expect(try output(of: built2.binary) == "second")
            #expect(built1.git.sha == first && built2.git.sha == second)
            #expect(lines.withLock { $0 }.contains { $0.hasSuffix(": 1 files changed since the last base build") })

            lines.withLock { $0.removeAll() }
            let again = try RefBuild.build(ref: "HEAD~1", repository: repository, configuration: "debug", product: "tiny", log: log)
            #expect(again.binary == built1.binary)
            #expect(lines.withLock { $0 }.count == 1 && lines.withLock { $0 }[0].contains("reusing"))
        }
    }

    private func write(_ files: [String: String], in root: URL) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// Runs git steps in `directory` and returns HEAD afterwards.
    private func git(_ steps: [String]..., in directory: URL) throws -> String {
        for step in steps {
            try RefBuild.run("/usr/bin/env", ["git", "-c", "user.name=Sonora Tests", "-c", "user.email=tests@sonora.invalid"] + step, in: directory)
        }
        return try RefBuild.run("/usr/bin/env", ["git", "rev-parse", "HEAD"], in: directory)
    }

    private func output(of binary: URL) throws -> String {
        try RefBuild.run(binary.path, [], in: binary.deletingLastPathComponent())
    }
}
