import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

/// Runs the built `sonora` executable, which `swift test` builds next to the test bundle.
@Suite struct ProfileCommandTests {
    static var executable: URL? { CommandRunner.sonoraExecutable }

    func sonora(_ arguments: String...) throws -> CommandRunner.Run {
        try CommandRunner.sonora(arguments)
    }

    func withProfile(_ body: (URL) throws -> Void) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("run.sonoraprofile")
        try SyntheticProfiles.profile.write(to: url)
        try body(url)
    }

    @Test(.enabled(if: executable != nil, "needs the sonora executable next to the test bundle (swift test builds it)"))
    func showPrintsTheTableAndCallers() throws {
        try withProfile { url in
            let run = try sonora("profile", "show", url.path, "--callers", "decode")
            #expect(run.status == 0, "\(run.error)")
            #expect(run.output.contains("11 samples (16 weighted) on 2 threads"))
            #expect(run.output.contains("MusicBot.decode(_: Foundation.Data) -> MusicBot.Track (MusicBot): 7 samples"))
        }
    }

    @Test(.enabled(if: executable != nil, "needs the sonora executable next to the test bundle (swift test builds it)"))
    func showFiltersByThreadAndStack() throws {
        try withProfile { url in
            let thread = try sonora("profile", "show", url.path, "--thread", "101")
            #expect(thread.output.contains("4 samples (5 weighted) on 1 thread"))
            let focus = try sonora("profile", "show", url.path, "--filter", "TrackQueue")
            #expect(focus.output.contains("2 samples (3 weighted)"))
        }
    }

    @Test(.enabled(if: executable != nil, "needs the sonora executable next to the test bundle (swift test builds it)"))
    func badInputExitsWithTwoAndNamesTheProblem() throws {
        try withProfile { url in
            let missingThread = try sonora("profile", "show", url.path, "--thread", "7")
            #expect(missingThread.status == 2)
            #expect(missingThread.error.contains("no samples for thread 7"))
            let badRegex = try sonora("profile", "show", url.path, "--filter", "(")
            #expect(badRegex.status == 2)
        }
        let missing = try sonora("profile", "convert", "/nonexistent/run.sonoraprofile", "--to", "svg")
        #expect(missing.status == 2)
        #expect(missing.error.contains("/nonexistent/run.sonoraprofile"))
    }

    @Test(.enabled(if: executable != nil, "needs the sonora executable next to the test bundle (swift test builds it)"))
    func convertWritesNextToTheInputByDefault() throws {
        try withProfile { url in
            let run = try sonora("profile", "convert", url.path, "--to", "pstats")
            #expect(run.status == 0, "\(run.error)")
            let written = url.deletingLastPathComponent().appendingPathComponent("run.prof")
            #expect(try Data(contentsOf: written) == SyntheticProfiles.profile.encoded(as: .pstats))
            let folded = try sonora("profile", "convert", url.path, "--to", "folded", "-o", "-")
            #expect(folded.output == FoldedWriter.render(SyntheticProfiles.profile))
            let unwritable = try sonora("profile", "convert", url.path, "--to", "svg", "-o", "/nonexistent/x.svg")
            #expect(unwritable.status == 3)
            #expect(unwritable.error.contains("/nonexistent/x.svg"))
        }
    }

    @Test(.enabled(if: executable != nil, "needs the sonora executable next to the test bundle (swift test builds it)"))
    func diffPrintsTheLargestChangeFirstAndWritesTheGraph() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.appendingPathComponent("base.sonoraprofile"), head = directory.appendingPathComponent("head.sonoraprofile")
        try SyntheticProfiles.profile.write(to: base)
        try SyntheticProfiles.slowerDecode.write(to: head)
        let svg = directory.appendingPathComponent("diff.svg")
        let run = try sonora("profile", "diff", base.path, head.path, "--limit", "3", "--svg", svg.path)
        #expect(run.status == 0, "\(run.error)")
        let firstRow = run.output.split(separator: "\n").dropFirst(2).first.map(String.init) ?? ""
        #expect(firstRow.contains("MusicBot.decode"), "\(run.output)")
        #expect(try String(contentsOf: svg, encoding: .utf8).contains("Differential flame graph"))
    }
}
