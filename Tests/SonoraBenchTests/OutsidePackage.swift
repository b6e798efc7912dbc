import Foundation
import SonoraTestSupport
import Synchronization
import Testing

/// The outside package of ``SerializedBenchTests/OwnPackageBenchmarkTests``: written from
/// docs/bench.md, `sonora bench init` and a fixture of bad benchmarks, then built into
/// `.build/outside-package/` (kept between runs, so later builds are incremental).
struct OutsidePackage {
    var products: URL

    func binary(_ name: String) -> URL { products.appendingPathComponent(name) }

    /// Whether to build it: in CI, or when asked.
    static var testsEnabled: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["CI"] == "true" || environment["SONORA_OUTSIDE_PACKAGE_TESTS"] == "1"
    }

    private static let built = Mutex<Result<URL, OutsideFailure>?>(nil)

    /// Writes and builds the package once per test process.
    static func build(repository: URL) throws -> OutsidePackage {
        try built.withLock { state in
            if state == nil { state = Result { try make(repository: repository) }.mapError { OutsideFailure(description: "\($0)") } }
            return OutsidePackage(products: try state!.get())
        }
    }

    private static func make(repository: URL) throws -> URL {
        let root = repository.appendingPathComponent(".build/outside-package")
        let source = root.appendingPathComponent("MusicBot")
        let scratch = root.appendingPathComponent("scratch")
        let docs = try String(contentsOf: repository.appendingPathComponent("docs/bench.md"), encoding: .utf8)
        var manifest = try example(named: "Package.swift", in: docs)
        let main = try example(named: "Benchmarks/MusicBotBenchmarks/main.swift", in: docs)
        // Sonora by path (this checkout), under the package name the docs use.
        manifest = manifest.replacingOccurrences(
            of: #".package(url: "https://github.com/sonora-swift/sonora", from: "0.1.0")"#,
            with: ".package(name: \"sonora\", path: \"\(repository.path)\")")
        try #require(manifest.contains(repository.path), "docs/bench.md's Package.swift no longer names Sonora's URL")
        manifest += """

            for name in ["InitBenchmarks", "EdgeBenchmarks"] {
                package.targets.append(.executableTarget(
                    name: name,
                    dependencies: [.product(name: "SonoraBench", package: "sonora"), .product(name: "SonoraBenchCLI", package: "sonora")],
                    path: "Benchmarks/\\(name)"))
            }

            """
        try write(manifest, to: source.appendingPathComponent("Package.swift"))
        try write(main, to: source.appendingPathComponent("Benchmarks/MusicBotBenchmarks/main.swift"))
        try write(edgeBenchmarks, to: source.appendingPathComponent("Benchmarks/EdgeBenchmarks/main.swift"))
        let initialized = source.appendingPathComponent("Benchmarks/InitBenchmarks/main.swift")
        try? FileManager.default.removeItem(at: initialized)
        let sonora = SerializedBenchTests.BenchCommandTests.binary
        let initRun = try run(sonora, ["bench", "init", "InitBenchmarks", "--package-path", source.path], in: source)
        guard initRun.status == 0 else { throw OutsideFailure(description: "sonora bench init failed: \(initRun.stderr)") }

        let build = try run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["swift", "build", "--package-path", source.path, "--scratch-path", scratch.path], in: source)
        guard build.status == 0 else {
            throw OutsideFailure(description: "the outside package did not build:\n\(build.stdout.suffix(4_000))\(build.stderr.suffix(2_000))")
        }
        return scratch.appendingPathComponent("debug")
    }

    /// The fenced block after `<!-- example: NAME -->` in docs/bench.md.
    static func example(named name: String, in docs: String) throws -> String {
        let marker = "<!-- example: \(name) -->\n```swift\n"
        guard let start = docs.range(of: marker), let end = docs.range(of: "\n```\n", range: start.upperBound..<docs.endIndex) else {
            throw OutsideFailure(description: "docs/bench.md has no example named \(name)")
        }
        return String(docs[start.upperBound..<end.lowerBound]) + "\n"
    }

    /// Writes `text` unless the file already holds it, so an unchanged package rebuilds nothing.
    private static func write(_ text: String, to url: URL) throws {
        if (try? String(contentsOf: url, encoding: .utf8)) == text { return }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    static let edgeBenchmarks = """
        import Foundation
        import SonoraBench
        import SonoraBenchCLI

        struct Refusal: Error, CustomStringConvertible {
            var description: String { "the fixture refused" }
        }

        @inline(never) func trapAfterWarmup(_ count: inout Int) {
            count += 1
            if count > 3 { fatalError("edge trap") }
        }

        var benchmarks = [
            Benchmark("edge.fine") { blackHole(Array(0..<64).reduce(0, +)) },
            Benchmark("edge.throws") { throw Refusal() },
            Benchmark("edge.traps", setUp: { 0 }) { count in trapAfterWarmup(&count) },
        ]
        if ProcessInfo.processInfo.environment["EDGE_DUPLICATE"] == "1" {
            benchmarks.append(Benchmark("edge.fine") { blackHole(1) })
        }
        await SonoraBenchmarks.main(benchmarks)

        """

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` in `directory` through the shared ``CommandRunner`` (output in files, no pipe).
    static func run(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Output {
        let run = try CommandRunner.run(
            executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, in: directory,
            timeout: 3_600)
        return Output(status: run.status, stdout: run.output, stderr: run.error)
    }
}

/// Why the outside package could not be prepared.
struct OutsideFailure: Error, CustomStringConvertible {
    var description: String
}
