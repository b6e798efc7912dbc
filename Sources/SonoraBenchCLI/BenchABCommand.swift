import ArgumentParser
import Foundation
import SonoraBench

/// `sonora bench ab`: an interleaved A/B run of a base and a head build in one job, the gate the
/// README recommends for CI.
struct BenchABCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ab",
        abstract: "Run a base and a head build interleaved (ABAB... in fresh processes) and gate on paired ratios.",
        discussion: """
            Every round runs every benchmark once per side, each in a fresh process, benchmarks in \
            random order and the two sides in random order. The comparison tests the per-round \
            ratios head/base (paired t interval, Holm's correction), so drift of a shared machine \
            hits both sides of a round and cancels. Writes both reports and the comparison to \
            <reports-directory>/ab/<base>-vs-<head>[-N]/ and prints the comparison. --base-ref \
            builds a git ref in .build-ab/ first, incrementally, and keeps the binary in \
            .build-ab/bin/<sha>-<configuration>/ for the next run. Exit codes as for compare.
            """
    )

    @Option(help: "The base build of this binary.")
    var base: String?

    @Option(name: .customLong("base-ref"), help: "A git ref to build (in .build-ab/) and use as the base.")
    var baseRef: String?

    @Option(help: "The head build of this binary (default: this one).")
    var head: String?

    @Option(help: "Rounds; each runs every benchmark once per side.")
    var rounds = 10

    @Option(help: "Run only benchmarks whose name matches this regular expression.")
    var filter: String?

    @Flag(help: "Short warmup and sampling per process, at least five samples (the default for ab).")
    var quick = false

    @Flag(help: "Full warmup and sampling per process.")
    var standard = false

    @Flag(
        inversion: .prefixedNo,
        help: "After the rounds, profile each benchmark the comparison flags in one more process per side, for the profile diff.")
    var profile = true

    @Option(help: "Where the run folder is written.")
    var reportsDirectory = "reports"

    @Option(help: "Relative change that counts, as PCT or METRIC=PCT (repeatable).")
    var threshold: [String] = ["5%"]

    @Option(name: .customLong("threshold-for"), help: "A benchmark's own threshold, as NAME=PCT (repeatable).")
    var thresholdFor: [String] = []

    @Option(help: "Metrics to compare (as for compare).")
    var metric: [String] = []

    @Option(help: "An exact metric's absolute floor, as METRIC=VALUE (repeatable).")
    var floor: [String] = []

    @Flag(help: "Fail (exit 1) when a row is inconclusive.")
    var failOnInconclusive = false

    @Option(help: "text, markdown or json.")
    var format = "text"

    @Option(name: .customLong("inject-head"), help: .hidden)
    var injectHead: String?

    func run() async throws {
        let renderer = ComparisonRenderer(format: .init(rawValue: format))
        try await exitingWithComparison {
            guard ComparisonRenderer.Format.all.contains(renderer.format) else {
                throw BenchError(.invalidArgument, "--format '\(format)' is not text, markdown or json")
            }
            guard (base == nil) != (baseRef == nil) else {
                throw BenchError(.invalidArgument, "give exactly one of --base BIN and --base-ref REF")
            }
            guard (2...1_000).contains(rounds) else {
                throw BenchError(.invalidArgument, "--rounds \(rounds) must be between 2 and 1000")
            }
            if standard && quick { throw BenchError(.invalidArgument, "--quick and --standard exclude each other") }
            let options = try ComparisonOptions.parse(
                thresholds: threshold, thresholdsFor: thresholdFor, metrics: metric, floors: floor,
                failOnInconclusive: failOnInconclusive)
            if let injectHead { _ = try SlowdownInjection(parsing: injectHead) }
            try ReportStore.prepareDirectory(URL(fileURLWithPath: reportsDirectory).appendingPathComponent("ab"))
            let repository = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

            var environment = ProcessInfo.processInfo.environment
            environment[SlowdownInjection.environmentVariable] = nil
            var headEnvironment = environment
            headEnvironment[SlowdownInjection.environmentVariable] = injectHead
            let headBinary = try Self.binary(head.map { URL(fileURLWithPath: $0) } ?? WorkerLauncher.currentExecutable, option: "--head")
            let baseBinary: URL
            var baseGit = GitState(sha: nil, dirty: false, tag: nil)
            if let baseRef {
                (baseBinary, baseGit) = try RefBuild.build(
                    ref: baseRef, repository: repository, configuration: RunEnvironment.buildConfiguration,
                    product: WorkerLauncher.currentExecutable.lastPathComponent,
                    log: { StandardError.write($0 + "\n") })
            } else {
                baseBinary = try Self.binary(URL(fileURLWithPath: base!), option: "--base")
            }
            let headGit = head == nil ? RunEnvironment.gitState(in: repository) : GitState(sha: nil, dirty: false, tag: nil)

            let baseNames = try Self.benchmarkNames(of: baseBinary, filter: filter, side: "base")
            let headNames = try Self.benchmarkNames(of: headBinary, filter: filter, side: "head")
            let names = headNames.filter(baseNames.contains)
            guard !names.isEmpty else {
                throw BenchError(.incomparable, "the base and head binaries have no benchmark in common\(filter.map { " matching '\($0)'" } ?? "")")
            }
            for missing in Set(baseNames).symmetricDifference(headNames).sorted() {
                StandardError.write("note: \(missing) is only in the \(baseNames.contains(missing) ? "base" : "head"); skipped\n")
            }
            if let injectHead { StandardError.write("warning: the head is slowed by \(injectHead) (test-only)\n") }

            // Both sides run from fresh copies made the same way, removed at the end (see `stage`).
            let staging = FileManager.default.temporaryDirectory.appendingPathComponent("sonora-ab-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: staging) }
            let (baseRunning, headRunning) = Self.stage(base: baseBinary, head: headBinary, in: staging)
            let run = InterleavedRun(
                base: WorkerLauncher(executable: baseRunning, arguments: BenchCatalog.current.workerArguments, environment: environment),
                head: WorkerLauncher(executable: headRunning, arguments: BenchCatalog.current.workerArguments, environment: headEnvironment),
                rounds: rounds, configuration: standard ? .standard : .interleaved, settingsName: standard ? "standard" : "interleaved",
                profiling: false)
            var (baseSide, headSide) = await run.run(names, baseGit: baseGit, headGit: headGit) { event in
                switch event {
                case .started(let index, let total, let name, let side, let round, let eta):
                    let remaining = eta.map { String(format: ", ETA %.0fs", $0) } ?? ""
                    StandardError.write("[\(index)/\(total)] round \(round + 1) \(side) \(name)\(remaining)\n")
                case .finished(let side, let result):
                    if result.status != .ok { StandardError.write("  \(side) \(result.status.rawValue): \(result.failure ?? "")\n") }
                }
            }
            if profile {
                // Only what the comparison flags gets a profile diff, so only that is profiled.
                let flagged = try Comparison(base: baseSide.report, head: headSide.report, baseName: "base", headName: "head", options: options)
                    .profileDiffs.map(\.benchmark)
                run.profile(flagged, base: &baseSide, head: &headSide) { name, side in
                    StandardError.write("profiling \(side) \(name) (flagged)\n")
                }
                Self.markUnprofiled(&baseSide.report, except: flagged)
                Self.markUnprofiled(&headSide.report, except: flagged)
            }
            let folder = try ReportStore.unusedURL(
                in: URL(fileURLWithPath: reportsDirectory).appendingPathComponent("ab"),
                git: GitState(sha: nil, dirty: false, tag: "\(baseGit.versionName)-vs-\(headGit.versionName)"), label: nil
            ).deletingPathExtension()
            var baseReport = baseSide.report
            var headReport = headSide.report
            // The reports name the binaries that were given, not their copies, which are gone.
            baseReport.interleaving?.executable = baseBinary.path
            headReport.interleaving?.executable = headBinary.path
            let baseURL = folder.appendingPathComponent("base.json")
            let headURL = folder.appendingPathComponent("head.json")
            try BenchSession.saveProfiles(baseSide.profiles, for: &baseReport, at: baseURL)
            try BenchSession.saveProfiles(headSide.profiles, for: &headReport, at: headURL)
            try ReportStore.write(baseReport, to: baseURL)
            try ReportStore.write(headReport, to: headURL)
            let comparison = try Comparison(
                base: baseReport, head: headReport, baseName: baseURL.path, headName: headURL.path, options: options)
            try ReportStore.writeAtomically(
                Data(try ComparisonRenderer(format: .json).render(comparison).utf8), to: folder.appendingPathComponent("comparison.json"))
            try ReportStore.writeAtomically(
                Data(try ComparisonRenderer(format: .text).render(comparison).utf8), to: folder.appendingPathComponent("comparison.txt"))
            StandardError.write("saved \(folder.path)/{base,head,comparison}.json\n")
            print(try renderer.render(comparison), terminator: "")
            if headReport.benchmarks.contains(where: { $0.status != .ok }) || baseReport.benchmarks.contains(where: { $0.status != .ok }) {
                throw BenchExitCode.crashed.exitCode
            }
            return comparison
        }
    }

    /// Says why a benchmark of an A/B report has no profile.
    static func markUnprofiled(_ report: inout BenchReport, except flagged: [String]) {
        for index in report.benchmarks.indices
        where report.benchmarks[index].profile == nil && !flagged.contains(report.benchmarks[index].name) {
            report.benchmarks[index].profileUnavailable =
                "not profiled: ab profiles only the benchmarks its comparison flags (regressed or appeared)"
        }
    }

    /// Copies both binaries, each with the resource bundles beside it (`*.resources`), into
    /// `folder/base` and `folder/head`, and returns the copies; on failure, warns and returns the
    /// binaries as given.
    ///
    /// A benchmark that reads its own executable (the `symbolize.*` suite maps it and reads its
    /// symbols and DWARF) runs 3–8% faster from a file just written than from the same bytes in an
    /// older file or in the linker's output: in A/A runs of `symbolize.cold.5k` on this machine, a
    /// fresh `cp` of a binary against the binary itself gave ×0.962 [0.942, 0.981] CPU (15 rounds),
    /// and two fresh copies ×1.007 [0.990, 1.025] (docs/symbolization.md, sixth round). Copying both
    /// sides at the start of the run makes their files alike, so that difference cannot pass for a
    /// change.
    static func stage(base: URL, head: URL, in folder: URL) -> (base: URL, head: URL) {
        do {
            let staged = (try copy(base, to: folder.appendingPathComponent("base")), try copy(head, to: folder.appendingPathComponent("head")))
            StandardError.write("running copies of the base and head binaries made for this run, in \(folder.path) (removed at the end)\n")
            return staged
        } catch {
            try? FileManager.default.removeItem(at: folder)
            StandardError.write(
                "warning: could not copy the binaries to \(folder.path) (\(error)); running them in place, where benchmarks that read their own executable can differ by a few percent between an old and a new file\n")
            return (base, head)
        }
    }

    /// Copies `binary` and the `*.resources` bundles in its folder into `folder` (``RefBuild/keep(_:from:in:)``).
    private static func copy(_ binary: URL, to folder: URL) throws -> URL {
        let source = binary.resolvingSymlinksInPath()
        try RefBuild.keep(source.lastPathComponent, from: source.deletingLastPathComponent(), in: folder)
        let copy = folder.appendingPathComponent(source.lastPathComponent)
        guard FileManager.default.isExecutableFile(atPath: copy.path) else {
            throw BenchError(.io, "the copy \(copy.path) of \(binary.path) is not executable")
        }
        return copy
    }

    /// Checks that `url` is an executable file.
    static func binary(_ url: URL, option: String) throws -> URL {
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw BenchError(.invalidArgument, "\(option) \(url.path) is not an executable file")
        }
        return url
    }

    /// The benchmark names a binary lists for `filter`, asking it with `bench run --list`.
    static func benchmarkNames(of binary: URL, filter: String?, side: String) throws -> [String] {
        let process = Process()
        process.executableURL = binary
        process.arguments = BenchCatalog.current.listArguments(filter: filter)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw BenchError(.invalidArgument, "the \(side) binary \(binary.path) could not list its benchmarks: \(text)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
