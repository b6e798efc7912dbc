import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Builds a git ref of a repository for the base side of an A/B run: the sources from
/// `git archive`, then `swift build --product <product>`.
///
/// Every base is built in one persistent folder, `.build-ab/` (`src/` and `build/`), so the next
/// base rebuilds only what changed: the sources are synced file by file, and a file whose bytes are
/// the same keeps its modification time, so SwiftPM does not recompile it. Each built binary is
/// kept with its resource bundles in `.build-ab/bin/<sha>/` and reused. Cache `.build-ab/` in CI.
public enum RefBuild {
    /// The built `product` binary of `ref`, building it unless a previous build is there.
    ///
    /// - Parameters:
    ///   - ref: A branch, tag or SHA.
    ///   - repository: The repository's work tree.
    ///   - configuration: `release` or `debug`, normally the head's.
    ///   - product: The executable product to build: `sonora`, or a package's benchmark target.
    ///   - log: Receives one line per step.
    /// - Returns: The binary and the commit's git state.
    /// - Throws: ``BenchError`` `.invalidArgument` for an unknown ref, `.io` when a step fails
    ///   (naming the step and the folder with its log).
    public static func build(
        ref: String, repository: URL, configuration: String, product: String = "sonora", log: @Sendable (String) -> Void = { _ in }
    ) throws -> (binary: URL, git: GitState) {
        guard let sha = try? run("/usr/bin/env", ["git", "rev-parse", "--verify", "\(ref)^{commit}"], in: repository),
            sha.count >= 12
        else {
            throw BenchError(.invalidArgument, "--base-ref '\(ref)' is not a commit of \(repository.path)")
        }
        let folder = repository.appendingPathComponent(".build-ab")
        let kept = folder.appendingPathComponent("bin/\(sha.prefix(12))-\(configuration)")
        let binary = kept.appendingPathComponent(product)
        let git = GitState(sha: sha, dirty: false, tag: try? run("/usr/bin/env", ["git", "describe", "--tags", "--exact-match", sha], in: repository))
        if FileManager.default.isExecutableFile(atPath: binary.path) {
            log("base \(ref) (\(sha.prefix(7))): reusing \(binary.path)")
            return (binary, git)
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw BenchError(.io, "could not create \(folder.path)", cause: error)
        }
        // One build at a time in the shared folder: a second `ab` waits here.
        let lock = open(folder.appendingPathComponent("lock").path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw BenchError(.io, "could not open \(folder.path)/lock: errno \(errno)") }
        defer { close(lock) }
        var locked = flock(lock, LOCK_EX)
        while locked != 0 && errno == EINTR { locked = flock(lock, LOCK_EX) }
        guard locked == 0 else { throw BenchError(.io, "could not lock \(folder.path)/lock: errno \(errno)") }

        let sources = folder.appendingPathComponent("src")
        let scratch = folder.appendingPathComponent("build")
        let incoming = folder.appendingPathComponent("incoming")
        log("base \(ref) (\(sha.prefix(7))): syncing its sources into \(sources.path)")
        try? FileManager.default.removeItem(at: incoming)
        do {
            try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
            _ = try run("/bin/sh", ["-c", "git archive --format=tar \(sha) | tar -x -C '\(incoming.path)'"], in: repository)
            let changed = try SourceSync.sync(from: incoming, to: sources)
            log("base \(ref) (\(sha.prefix(7))): \(changed) files changed since the last base build")
        } catch {
            throw BenchError(.io, "could not extract \(ref) into \(sources.path)", cause: error)
        }
        try? FileManager.default.removeItem(at: incoming)
        log("base \(ref) (\(sha.prefix(7))): swift build -c \(configuration) --product \(product) (log in \(folder.path)/build.log)")
        do {
            _ = try run(
                "/bin/sh",
                ["-c", "swift build -c \(configuration) --product '\(product)' --package-path '\(sources.path)' --scratch-path '\(scratch.path)' > '\(folder.path)/build.log' 2>&1"],
                in: repository)
        } catch {
            throw BenchError(.io, "building \(ref) failed; see \(folder.path)/build.log", cause: error)
        }
        do {
            try keep(product, from: scratch.appendingPathComponent(configuration), in: kept)
        } catch {
            throw BenchError(.io, "could not keep the built \(product) in \(kept.path)", cause: error)
        }
        return (binary, git)
    }

    /// Copies the binary and its resource bundles (`*.resources`, which `Bundle.module` finds next
    /// to the executable) from `products` into `kept`, through a `.partial` folder moved into place:
    /// out of the shared build folder, which the next base overwrites, and for `bench ab`'s fresh
    /// copies of both sides.
    public static func keep(_ product: String, from products: URL, in kept: URL) throws {
        let manager = FileManager.default
        let partial = kept.deletingLastPathComponent().appendingPathComponent(kept.lastPathComponent + ".partial")
        try? manager.removeItem(at: partial)
        try manager.createDirectory(at: partial, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: products.path) where name == product || name.hasSuffix(".resources") {
            try manager.copyItem(at: products.appendingPathComponent(name), to: partial.appendingPathComponent(name))
        }
        try? manager.removeItem(at: kept)
        try manager.moveItem(at: partial, to: kept)
    }

    struct StepFailed: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StepFailed(description: "\(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
