import Foundation

/// Builds a git ref of a repository into its own scratch folder, `.build-ab-<sha>`, for the base
/// side of an A/B run: the sources from `git archive`, then `swift build --product <product>`.
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
        let folder = repository.appendingPathComponent(".build-ab-\(sha.prefix(12))")
        let sources = folder.appendingPathComponent("src")
        let scratch = folder.appendingPathComponent("build")
        let binary = scratch.appendingPathComponent(configuration).appendingPathComponent(product)
        let git = GitState(sha: sha, dirty: false, tag: try? run("/usr/bin/env", ["git", "describe", "--tags", "--exact-match", sha], in: repository))
        if FileManager.default.isExecutableFile(atPath: binary.path) {
            log("base \(ref) (\(sha.prefix(7))): reusing \(binary.path)")
            return (binary, git)
        }
        if !FileManager.default.fileExists(atPath: sources.appendingPathComponent("Package.swift").path) {
            log("base \(ref) (\(sha.prefix(7))): extracting sources into \(sources.path)")
            try? FileManager.default.removeItem(at: sources)
            try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
            do {
                _ = try run("/bin/sh", ["-c", "git archive --format=tar \(sha) | tar -x -C '\(sources.path)'"], in: repository)
            } catch {
                throw BenchError(.io, "could not extract \(ref) into \(sources.path)", cause: error)
            }
        }
        log("base \(ref) (\(sha.prefix(7))): swift build -c \(configuration) --product \(product) (log in \(folder.path)/build.log)")
        do {
            _ = try run(
                "/bin/sh",
                ["-c", "swift build -c \(configuration) --product '\(product)' --package-path '\(sources.path)' --scratch-path '\(scratch.path)' > '\(folder.path)/build.log' 2>&1"],
                in: repository)
        } catch {
            throw BenchError(.io, "building \(ref) failed; see \(folder.path)/build.log", cause: error)
        }
        return (binary, git)
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
