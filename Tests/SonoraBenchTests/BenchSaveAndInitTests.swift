import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraBench

extension SerializedBenchTests {
    /// `sonora bench run` leaves something to look at (report, flame graphs, the compare command)
    /// unless `--no-save`; `sonora bench init` starts a package's benchmark target; spawns the binary.
    @Suite struct BenchSaveAndInitTests {
        typealias CLI = BenchCommandTests

        @Test func runSavesTheReportAndFlameGraphsByDefaultAndPrintsTheCompareCommand() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let arguments = ["bench", "run", "--quick", "--processes", "1", "--filter", "^queue\\.move\\.100$"]
            let first = try CLI.sonora(arguments, in: directory)
            #expect(first.status == 0, "\(first.stderr)")
            let reportLine = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("report: ") })
            let report = directory.appendingPathComponent(String(reportLine.dropFirst("report: ".count)))
            #expect(try ReportStore.read(from: report).benchmarks.map(\.name) == ["queue.move.100"])
            let graphLine = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("flame graph: ") }, "\(first.stdout)")
            let graph = directory.appendingPathComponent(String(graphLine.dropFirst("flame graph: ".count)))
            #expect(try String(contentsOf: graph, encoding: .utf8).contains("<svg"))
            #expect(first.stdout.contains("no earlier report"))

            let second = try CLI.sonora(arguments, in: directory)
            #expect(second.status == 0, "\(second.stderr)")
            let compareLine = try #require(second.stdout.split(separator: "\n").first { $0.hasPrefix("compare with the previous report: ") })
            let command = compareLine.dropFirst("compare with the previous report: ".count).split(separator: " ").map(String.init)
            #expect(Array(command.prefix(3)) == ["sonora", "bench", "compare"])
            #expect(command[3] == String(reportLine.dropFirst("report: ".count)), "\(compareLine)")
            #expect(command[4] != command[3])
            // The printed command runs as printed (same build: no regression at a wide threshold).
            let compare = try CLI.sonora(Array(command.dropFirst()) + ["--threshold", "400%"], in: directory)
            #expect(compare.status == 0, "\(compare.stdout)\(compare.stderr)")

            let before = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("reports").path).sorted()
            let unsaved = try CLI.sonora(arguments + ["--no-save"], in: directory)
            #expect(unsaved.status == 0, "\(unsaved.stderr)")
            #expect(!unsaved.stdout.contains("report: "))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("reports").path).sorted() == before)
            let labelled = try CLI.sonora(arguments + ["--no-save", "label"], in: directory)
            #expect(labelled.status == 2, "\(labelled.stderr)")
            #expect(labelled.stderr.contains("'label'"))
        }

        @Test func initWritesTheTemplateOnceAndPrintsThePackageLines() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let made = try CLI.sonora(["bench", "init", "BotBenchmarks"], in: directory)
            #expect(made.status == 0, "\(made.stderr)")
            let file = directory.appendingPathComponent("Benchmarks/BotBenchmarks/main.swift")
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains("await SonoraBenchmarks.main("))
            #expect(made.stdout.contains(#"name: "BotBenchmarks""#))
            #expect(made.stdout.contains(#".product(name: "SonoraBenchCLI", package: "sonora")"#))
            #expect(made.stdout.contains(#"path: "Benchmarks/BotBenchmarks""#))

            try Data("// mine\n".utf8).write(to: file)
            let again = try CLI.sonora(["bench", "init", "BotBenchmarks"], in: directory)
            #expect(again.status == 2)
            #expect(again.stderr.contains("already exists"), "\(again.stderr)")
            #expect(try String(contentsOf: file, encoding: .utf8) == "// mine\n")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
            #expect(leftovers == ["main.swift"])

            for bad in ["1Bot", "my-bot", "../Escape", ""] {
                let run = try CLI.sonora(["bench", "init", bad], in: directory)
                #expect(run.status == 2, "\(bad): \(run.stderr)")
            }
            // A package path that is a file: the system's reason, not a Foundation error dump.
            let notFolder = try CLI.sonora(["bench", "init", "BotBenchmarks", "--package-path", file.path], in: directory)
            #expect(notFolder.status == 2)
            #expect(notFolder.stderr == "error: cannot create the folder \(file.path)/Benchmarks/BotBenchmarks: Not a directory\n", "\(notFolder.stderr)")
        }

        @Test func helpListAndAnUnknownFilterGoThroughTheEntryPoint() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let help = try CLI.sonora(["bench", "--help"], in: directory)
            #expect(help.status == 0)
            for command in ["run", "compare", "ab", "list", "init"] { #expect(help.stdout.contains("  \(command) "), "\(help.stdout)") }
            #expect(!help.stdout.contains("worker"))
            let list = try CLI.sonora(["bench", "list", "--filter", "^symbolize\\."], in: directory)
            #expect(list.stdout.split(separator: "\n") == ["symbolize.cold.1k", "symbolize.cold.5k", "symbolize.cold.5k.4-per-function", "symbolize.cached.1k"])
            let none = try CLI.sonora(["bench", "run", "--filter", "^nothing$"], in: directory)
            #expect(none.status == 2)
            #expect(none.stderr.contains("names are: track.decode.corpus"), "\(none.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("reports").path))
        }
    }
}
