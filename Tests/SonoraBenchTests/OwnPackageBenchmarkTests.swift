import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraBench

extension SerializedBenchTests {
    /// A package outside Sonora, depending on it by path, with the benchmark executable of
    /// docs/bench.md (taken from the docs, so the example cannot rot), the one `sonora bench init`
    /// writes, and one with bad benchmarks. It is built once per machine into a scratch folder in
    /// `.build` (incremental afterwards) and spawned: `run --save`, `compare`, `ab`, `list`, bad input.
    ///
    /// It builds a second package (minutes the first time), so it runs when `CI` is set or
    /// `SONORA_OUTSIDE_PACKAGE_TESTS=1`.
    @Suite(.enabled(if: OutsidePackage.testsEnabled, "set CI=true or SONORA_OUTSIDE_PACKAGE_TESTS=1"))
    struct OwnPackageBenchmarkTests {
        static let repository = FixtureFolder.repository

        @Test func anOutsidePackageGetsRunSaveCompareAndABThroughTheEntryPoint() throws {
            let package = try OutsidePackage.build(repository: Self.repository)
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let bot = package.binary("MusicBotBenchmarks")
            let reports = directory.appendingPathComponent("reports")
            let quick = ["--quick", "--no-profile", "--processes", "2", "--reports-directory", reports.path]

            let help = try OutsidePackage.run(bot, ["--help"], in: directory)
            #expect(help.status == 0)
            for command in ["run", "compare", "ab", "list"] { #expect(help.stdout.contains(command), "\(help.stdout)") }

            let list = try OutsidePackage.run(bot, ["list"], in: directory)
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.stdout.split(separator: "\n") == ["bot.parse-command", "bot.playlist-lookup", "bot.http.ping"])

            let base = try OutsidePackage.run(bot, ["run", "base"] + quick, in: directory)
            #expect(base.status == 0, "\(base.stdout)\(base.stderr)")
            let baseURL = reports.appendingPathComponent(try #require(Self.savedReport(base.stdout)))
            let baseReport = try ReportStore.read(from: baseURL)
            #expect(baseReport.benchmarks.map(\.name) == ["bot.parse-command", "bot.playlist-lookup", "bot.http.ping"])
            #expect(baseReport.benchmarks.allSatisfy { $0.status == .ok && $0.processes?.count == 2 })
            #expect(baseReport.result(named: "bot.http.ping")?.scope == .process)

            let head = try OutsidePackage.run(bot, ["run", "--save", "head", "--filter", "^bot\\.(parse|http)"] + quick, in: directory)
            #expect(head.status == 0, "\(head.stderr)")
            let headURL = reports.appendingPathComponent(try #require(Self.savedReport(head.stdout)))
            #expect(head.stdout.contains("compare with the previous report: MusicBotBenchmarks compare"), "\(head.stdout)")

            let compare = try OutsidePackage.run(bot, ["compare", baseURL.path, headURL.path, "--threshold", "400%"], in: directory)
            #expect(compare.status == 0, "\(compare.stdout)\(compare.stderr)")
            #expect(compare.stdout.contains("bot.http.ping"), "\(compare.stdout)")
            let missing = try OutsidePackage.run(bot, ["compare", directory.appendingPathComponent("nope.json").path, headURL.path], in: directory)
            #expect(missing.status == 4, "\(missing.stderr)")

            let ab = try OutsidePackage.run(
                bot, ["ab", "--base", bot.path, "--rounds", "2", "--no-profile", "--filter", "parse", "--threshold", "400%",
                      "--reports-directory", reports.path],
                in: directory)
            #expect(ab.status == 0, "\(ab.stdout)\(ab.stderr)")
            #expect(ab.stdout.contains("paired rounds ×2"), "\(ab.stdout)")
            let folders = try FileManager.default.contentsOfDirectory(atPath: reports.appendingPathComponent("ab").path)
            let folder = reports.appendingPathComponent("ab").appendingPathComponent(try #require(folders.first))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("comparison.json").path))
            #expect(try ReportStore.read(from: folder.appendingPathComponent("head.json")).benchmarks.map(\.name) == ["bot.parse-command"])

            // The executable `sonora bench init` wrote builds and runs too.
            let initialized = try OutsidePackage.run(package.binary("InitBenchmarks"), ["run", "--no-save"] + quick, in: directory)
            #expect(initialized.status == 0, "\(initialized.stderr)")
            #expect(initialized.stdout.contains("initbenchmarks.task.yield"), "\(initialized.stdout)")
        }

        @Test func badBenchmarksAreReportedByNameAndExitWithTheDocumentedCodes() throws {
            let package = try OutsidePackage.build(repository: Self.repository)
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let edge = package.binary("EdgeBenchmarks")

            let run = try OutsidePackage.run(edge, ["run", "--quick", "--no-profile", "--processes", "1"], in: directory)
            #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("failed"), "\(run.stderr)")
            #expect(run.stderr.contains("the fixture refused"), "\(run.stderr)")
            #expect(run.stderr.contains("crashed"), "\(run.stderr)")
            let saved = directory.appendingPathComponent("reports").appendingPathComponent(try #require(Self.savedReport(run.stdout)))
            let report = try ReportStore.read(from: saved)
            #expect(report.result(named: "edge.fine")?.status == .ok)
            #expect(report.result(named: "edge.throws")?.status == .failed)
            #expect(report.result(named: "edge.throws")?.failure?.contains("the fixture refused") == true)
            #expect(report.result(named: "edge.traps")?.status == .crashed)
            #expect(report.result(named: "edge.traps")?.failure?.contains("signal") == true)

            let nothing = try OutsidePackage.run(edge, ["run", "--filter", "^nothing$", "--no-save"], in: directory)
            #expect(nothing.status == 2)
            #expect(nothing.stderr.contains("matches no benchmark; names are: edge.fine, edge.throws, edge.traps"), "\(nothing.stderr)")

            let duplicate = try OutsidePackage.run(edge, ["list"], in: directory, environment: ["EDGE_DUPLICATE": "1"])
            #expect(duplicate.status == 2)
            #expect(duplicate.stderr.contains("two benchmarks are named 'edge.fine'"), "\(duplicate.stderr)")
            #expect(duplicate.stdout.isEmpty)
        }

        /// The report path a run printed (`report: PATH`), relative to its reports directory.
        static func savedReport(_ stdout: String) -> String? {
            stdout.split(separator: "\n").first { $0.hasPrefix("report: ") }.map { URL(fileURLWithPath: String($0.dropFirst(8))).lastPathComponent }
        }
    }
}
