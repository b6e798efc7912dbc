import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraBench

extension SerializedBenchTests {
    /// `sonora bench` through the built binary: worker processes, crash isolation, the A/B
    /// command, and the refusals of bad input.
    @Suite struct BenchCommandTests {
        struct Run {
            var status: Int32
            var stdout: String
            var stderr: String
        }

        static var binary: URL { CommandRunner.sonoraExecutable ?? URL(fileURLWithPath: "sonora") }

        static func sonora(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Run {
            try #require(FileManager.default.isExecutableFile(atPath: binary.path), "sonora not built at \(binary.path)")
            let run = try CommandRunner.run(
                binary, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, in: directory,
                timeout: 1_800)
            return Run(status: run.status, stdout: run.output, stderr: run.error)
        }

        static let tiny = #"^queue\.(move|remove)\.100$"#

        @Test func runReplicatesInProcessesAndNeverOverwritesASavedReport() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let arguments = ["bench", "run", "--quick", "--no-profile", "--processes", "2", "--filter", Self.tiny, "--save", "same"]
            let first = try Self.sonora(arguments, in: directory)
            #expect(first.status == 0, "\(first.stderr)")
            let second = try Self.sonora(arguments, in: directory)
            #expect(second.status == 0, "\(second.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("reports").path)
                .filter { $0.hasSuffix(".json") }.sorted()
            #expect(names.count == 2, "\(names)")
            #expect(names.contains { $0.hasSuffix("-same-2.json") })
            let report = try ReportStore.read(from: directory.appendingPathComponent("reports/\(names[0])"))
            #expect(report.schemaVersion == 2)
            #expect(report.processesPerBenchmark == 2)
            for result in report.benchmarks {
                let processes = try #require(result.processes)
                #expect(processes.count == 2)
                #expect(Set(processes.map(\.pid)).count == 2)
                #expect(processes.allSatisfy { $0[.cpu] != nil })
                #expect(result.exactOperations != nil)
            }
        }

        @Test func aRunTimesTheBatchLengthsOfTheReportItIsGiven() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            func result(_ name: String, batch: Int) -> BenchmarkResult {
                var result = NoiseModel.result(name, processes: [[10, 11], [10, 12]])
                result.processes = result.processes?.map { var run = $0; run.batchSize = batch; return run }
                return result
            }
            let baseline = directory.appendingPathComponent("baseline.json")
            try ReportStore.write(NoiseModel.report([result("queue.move.100", batch: 7), result("queue.remove.100", batch: 11)], processes: 2), to: baseline)
            let run = try Self.sonora(
                ["bench", "run", "--quick", "--no-profile", "--processes", "2", "--filter", Self.tiny, "--batch-sizes-from", baseline.path,
                 "--save", "pinned"],
                in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("timing 2 of 2 benchmark(s) in the batch lengths of \(baseline.path)"), "\(run.stderr)")
            let file = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("reports").path).first { $0.hasSuffix("-pinned.json") })
            let report = try ReportStore.read(from: directory.appendingPathComponent("reports/\(file)"))
            #expect(report.result(named: "queue.move.100")?.processes?.map(\.batchSize) == [7, 7])
            #expect(report.result(named: "queue.remove.100")?.processes?.map(\.batchSize) == [11, 11])

            let missing = try Self.sonora(
                ["bench", "run", "--quick", "--no-profile", "--filter", Self.tiny, "--batch-sizes-from", "nowhere.json"], in: directory)
            // A missing baseline exits 4, as compare does.
            #expect(missing.status == 4, "\(missing.stderr)")
            #expect(missing.stderr.contains("nowhere.json"), "\(missing.stderr)")
        }

        @Test func aBenchmarkThatTrapsIsReportedAsCrashedAndTheOthersStillRun() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let run = try Self.sonora(
                ["bench", "run", "--quick", "--no-profile", "--processes", "1", "--filter", Self.tiny, "--save"], in: directory,
                environment: [SlowdownInjection.environmentVariable: "queue.move.100:trap"])
            #expect(run.status == 3, "\(run.stderr)")
            #expect(run.stderr.contains("crashed"))
            let file = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("reports").path).first { $0.hasSuffix(".json") })
            let report = try ReportStore.read(from: directory.appendingPathComponent("reports/\(file)"))
            let move = try #require(report.result(named: "queue.move.100"))
            #expect(move.status == .crashed)
            #expect(move.failure?.contains("signal") == true)
            #expect(move.failure?.contains("trap") == true, "\(move.failure ?? "")")
            #expect(report.result(named: "queue.remove.100")?.status == .ok)
        }

        @Test func abRunsBothSidesInterleavedAndComparesPairedRounds() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let run = try Self.sonora(
                ["bench", "ab", "--base", Self.binary.path, "--rounds", "2", "--no-profile", "--filter", Self.tiny,
                 "--metric", "cpu,allocs"],
                in: directory)
            #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
            #expect(run.stdout.contains("paired rounds ×2"), "\(run.stdout)")
            let folders = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("reports/ab").path)
            let folder = directory.appendingPathComponent("reports/ab").appendingPathComponent(try #require(folders.first))
            let base = try ReportStore.read(from: folder.appendingPathComponent("base.json"))
            let head = try ReportStore.read(from: folder.appendingPathComponent("head.json"))
            #expect(base.interleaving?.sessionID == head.interleaving?.sessionID)
            #expect(base.interleaving?.side == "base" && head.interleaving?.side == "head")
            // Both sides ran from copies made for this run, removed at the end; the reports name the binaries given.
            let staged = try #require(
                run.stderr.split(separator: "\n").first { $0.hasPrefix("running copies of the base and head binaries") }, "\(run.stderr)")
            let staging = try #require(staged.range(of: " in /").map { String(staged[$0.upperBound...].prefix { $0 != " " }) })
            #expect(staging.contains("sonora-ab-"), "\(staged)")
            #expect(!FileManager.default.fileExists(atPath: "/" + staging), "\(staging) was not removed")
            let given = Self.binary.resolvingSymlinksInPath().path
            for side in [base, head] {
                let executable = try #require(side.interleaving?.executable)
                #expect(URL(fileURLWithPath: executable).resolvingSymlinksInPath().path == given)
            }
            #expect(base.benchmarks.allSatisfy { $0.processes?.map(\.round).sorted() == [0, 1] })
            // Every process of a benchmark, on both sides, timed batches of one pinned length.
            for benchmark in base.benchmarks {
                let other = try #require(head.benchmarks.first { $0.name == benchmark.name })
                let sizes = Set(((benchmark.processes ?? []) + (other.processes ?? [])).map(\.batchSize))
                #expect(sizes.count == 1, "\(benchmark.name): \(sizes)")
            }
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("comparison.json").path))
            // The saved pair compares the same way later.
            let again = try Self.sonora(
                ["bench", "compare", folder.appendingPathComponent("base.json").path, folder.appendingPathComponent("head.json").path,
                 "--metric", "cpu", "--threshold", "cpu=7%", "--threshold-for", "queue.move.100=12%"],
                in: directory)
            #expect(again.stdout.contains("paired rounds ×2"), "\(again.stdout)\(again.stderr)")
            #expect(again.stdout.contains("threshold 5%; cpu 7%; queue.move.100 12%"), "\(again.stdout)")
        }

        /// A gate that passes pays for no profile; a flagged benchmark is profiled after the
        /// rounds on both sides, and its profile diff names the injected spin.
        @Test func abProfilesOnlyTheBenchmarksItsComparisonFlags() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let run = try Self.sonora(
                // The unslowed benchmark gets a 50% threshold: two copies of one debug binary on a shared VM
                // can differ by more than 5% over 4 rounds (one CI run flagged `queue.remove.100` so), and this
                // test is about what the gate profiles, not about its false-alarm rate (`GateHonestyTests`).
                ["bench", "ab", "--base", Self.binary.path, "--rounds", "4", "--filter", Self.tiny, "--metric", "cpu",
                 "--inject-head", "queue.move.100:300%", "--threshold-for", "queue.remove.100=50%"],
                in: directory)
            #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains("profiling base queue.move.100 (flagged)"), "\(run.stderr)")
            #expect(!run.stderr.contains("profiling base queue.remove.100"), "\(run.stderr)")
            #expect(run.stdout.contains("Profile diff for queue.move.100"), "\(run.stdout)")
            // The injected work's own function, or its caller when the symbol table names that instead.
            #expect(run.stdout.contains("sonoraInjectedSlowdown") || run.stdout.contains("SlowdownInjection.spin"), "\(run.stdout)")
            let folders = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("reports/ab").path)
            let folder = directory.appendingPathComponent("reports/ab").appendingPathComponent(try #require(folders.first))
            for side in ["base.json", "head.json"] {
                let report = try ReportStore.read(from: folder.appendingPathComponent(side))
                #expect(report.result(named: "queue.move.100")?.profile != nil, "\(side)")
                #expect(report.result(named: "queue.remove.100")?.profile == nil, "\(side)")
                #expect(report.result(named: "queue.remove.100")?.profileUnavailable?.contains("flags") == true, "\(side)")
                // The profiling process's timings are not pooled: four rounds, four processes.
                #expect(report.result(named: "queue.move.100")?.processes?.count == 4, "\(side)")
            }
        }

        @Test func compareRefusesBadOptionsNamingThem() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let report = directory.appendingPathComponent("r.json")
            try ReportStore.write(NoiseModel.report([NoiseModel.result("a", processes: [[1, 2], [2, 3]])], processes: 2), to: report)
            let cases: [([String], String)] = [
                (["--threshold", "5"], "needs a % sign"),
                (["--threshold", "0.05"], "for 5% write 5%"),
                (["--metric", ""], "names no metric"),
                (["--threshold-for", "nope=10%"], "'nope'"),
                (["--floor", "wall=3"], "exact metrics"),
            ]
            for (options, message) in cases {
                let run = try Self.sonora(["bench", "compare", report.path, report.path] + options, in: directory)
                #expect(run.status == 2, "\(options): \(run.stderr)")
                #expect(run.stderr.contains(message), "\(options): \(run.stderr)")
            }
        }

        @Test func abRefusesBadBasesAndRoundsNamingThem() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let cases: [([String], String)] = [
                (["--base-ref", "no-such-ref-\(UUID().uuidString)"], "is not a commit"),
                (["--base", Self.binary.path, "--base-ref", "HEAD"], "exactly one of --base BIN and --base-ref REF"),
                (["--base", directory.appendingPathComponent("missing").path], "is not an executable file"),
                (["--base", Self.binary.path, "--rounds", "1"], "--rounds 1"),
                (["--base", Self.binary.path, "--filter", "^nothing$"], "matches no benchmark"),
            ]
            for (options, message) in cases {
                let run = try Self.sonora(["bench", "ab"] + options, in: directory)
                #expect(run.status == 2, "\(options): \(run.stderr)")
                #expect(run.stderr.contains(message), "\(options): \(run.stderr)")
            }
        }

        @Test func corruptOrInconsistentReportsExitTwoNamingTheFileAndField() throws {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let good = directory.appendingPathComponent("good.json")
            try ReportStore.write(
                NoiseModel.report([NoiseModel.result("a", processes: [[1, 2], [2, 3]]), NoiseModel.result("b", processes: [[1], [2]])], processes: 2),
                to: good)
            let text = try String(contentsOf: good, encoding: .utf8)
            var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            func variant(_ name: String, _ edit: (inout [[String: Any]]) -> Void) throws -> URL {
                var copy = object
                var benchmarks = copy["benchmarks"] as! [[String: Any]]
                edit(&benchmarks)
                copy["benchmarks"] = benchmarks
                let url = directory.appendingPathComponent(name + ".json")
                try JSONSerialization.data(withJSONObject: copy).write(to: url)
                return url
            }
            func setWall(_ benchmark: inout [String: Any], _ value: Any) {
                var metrics = benchmark["metrics"] as! [String: Any]
                var wall = metrics["wall"] as! [String: Any]
                wall["samples"] = [1, value]
                metrics["wall"] = wall
                benchmark["metrics"] = metrics
            }
            let cases: [(URL, String)] = [
                (try variant("status") { $0[0]["status"] = "exploded" }, "benchmarks[0] (a).status 'exploded'"),
                (try variant("negative") { setWall(&$0[0], -5) }, "benchmarks[0] (a).metrics.wall.samples[1] is negative"),
                (try variant("nan") { setWall(&$0[1], "nan") }, "benchmarks[1] (b).metrics.wall.samples[1] is NaN"),
                (try variant("duplicate") { $0[1]["name"] = "a" }, "benchmarks[1].name 'a' is also benchmarks[0]"),
                (try variant("median") { benchmarks in
                    var processes = benchmarks[0]["processes"] as! [[String: Any]]
                    var metrics = processes[1]["metrics"] as! [String: Any]
                    var wall = metrics["wall"] as! [String: Any]
                    wall["median"] = 9.0
                    metrics["wall"] = wall
                    processes[1]["metrics"] = metrics
                    benchmarks[0]["processes"] = processes
                }, "benchmarks[0] (a).processes[1].metrics.wall.median 9.0 disagrees"),
                (try variant("missing") { $0[0]["scope"] = nil }, "benchmarks[0].scope is missing"),
            ]
            object["schemaVersion"] = 2
            for (url, message) in cases {
                let run = try Self.sonora(["bench", "compare", good.path, url.path], in: directory)
                #expect(run.status == 2, "\(url.lastPathComponent): \(run.stderr)")
                #expect(run.stderr.contains(url.lastPathComponent), "\(run.stderr)")
                #expect(run.stderr.contains(message), "\(url.lastPathComponent): \(run.stderr)")
            }
        }
    }
}
