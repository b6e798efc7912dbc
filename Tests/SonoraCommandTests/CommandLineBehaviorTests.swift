import Foundation
import Testing
@testable import SonoraProfiler

/// Issue 14, item 7: exit codes as documented, `profile demo` anywhere, `--limit 0`, pstats sort
/// names, early regex errors, one row per function, `--version`.
@Suite(.enabled(if: SonoraCLI.isBuilt, "needs the sonora executable next to the test bundle"))
struct CommandLineBehaviorTests {
    private func withProfile(_ profile: Profile = TestProfiles.profile(), _ body: (URL) throws -> Void) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url("run.sonoraprofile")
        try profile.write(to: url)
        try body(url)
    }

    @Test func helpDocumentsTheExitCodesThatHappenAndListsDemo() throws {
        let help = try SonoraCLI.run("profile", "--help")
        #expect(help.status == 0)
        #expect(help.output.contains("demo"), "\(help.output)")
        #expect(!help.output.contains("64"), "help still documents exit code 64")
        let parseError = try SonoraCLI.run("profile", "show")
        #expect(parseError.status == 2, "\(parseError)")
        let unknownOption = try SonoraCLI.run("profile", "show", "x", "--no-such-option")
        #expect(unknownOption.status == 2, "\(unknownOption)")
    }

    @Test func versionIsPrinted() throws {
        let run = try SonoraCLI.run("--version")
        #expect(run.status == 0)
        #expect(run.output == "0.1.0\n", "\(run.output)")
    }

    @Test func demoRunsFromAnyDirectory() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let run = try SonoraCLI.run(["profile", "demo", "--seconds", "0.3", "--frequency", "200", "-o", "demo.sonoraprofile"], in: folder.root)
        #expect(run.status == 0, "\(run)")
        #expect(FileManager.default.fileExists(atPath: folder.url("demo.sonoraprofile").path))
    }

    @Test func aLimitOfZeroOrLessShowsEveryRow() throws {
        try withProfile { url in
            for limit in ["--limit=0", "--limit=-3"] {
                let show = try SonoraCLI.run("profile", "show", url.path, limit)
                #expect(show.status == 0, "\(show)")
                #expect(["main", "Bot.decode() -> ()", "Bot.sort() -> ()"].allSatisfy { show.output.contains("(\($0))") }, "\(show.output)")
                let diff = try SonoraCLI.run("profile", "diff", url.path, url.path, limit)
                #expect(diff.output.contains("Bot.sort() -> () (Bot)"), "\(diff.output)")
            }
        }
    }

    @Test(arguments: [("time", "tottime"), ("cumtime", "cumulative"), ("ncalls", "samples"), ("filename", "file")])
    func pstatsSortNamesWork(alias: String, key: String) throws {
        try withProfile { url in
            let aliased = try SonoraCLI.run("profile", "show", url.path, "--sort", alias)
            let named = try SonoraCLI.run("profile", "show", url.path, "--sort", key)
            #expect(aliased.status == 0, "\(aliased)")
            #expect(aliased.output == named.output)
        }
    }

    @Test func aBadCallersExpressionIsReportedBeforeAnythingIsPrinted() throws {
        try withProfile { url in
            let run = try SonoraCLI.run("profile", "show", url.path, "--callers", "(")
            #expect(run.status == 2)
            #expect(run.output.isEmpty, "the table was printed before the error")
            #expect(run.error.contains("--callers '('"), "\(run)")
        }
    }

    @Test func aFunctionWithCompilerGeneratedFramesIsOneRow() throws {
        var frames = TestProfiles.profile().frames
        frames[2].file = "//<compiler-generated>"
        frames[2].line = nil
        try withProfile(TestProfiles.profile(frames: frames)) { url in
            let show = try SonoraCLI.run("profile", "show", url.path)
            #expect(show.output.components(separatedBy: "(Bot.decode() -> ())").count == 2, "\(show.output)")
            #expect(show.output.contains("Codec.swift:10(Bot.decode() -> ())"))
            let diff = try SonoraCLI.run("profile", "diff", url.path, url.path)
            #expect(diff.output.components(separatedBy: "Bot.decode() -> () (Bot)").count == 2, "\(diff.output)")
        }
    }
}
