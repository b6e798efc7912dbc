import Foundation
import Testing
@testable import SonoraProfiler

/// Issue 14, items 1 and 2: saving never replaces a device, FIFO, symlink or the input itself.
///
/// The real `/dev/null` and `/dev/full` are never a destination here: the tests write through
/// symbolic links to them that live in a temporary folder, so the old behavior (a rename) could
/// only ever replace the link.
@Suite(.enabled(if: SonoraCLI.isBuilt, "needs the sonora executable next to the test bundle"))
struct OutputSafetyTests {
    private func fileType(_ url: URL) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.type]) as? FileAttributeType
    }

    @Test func aLinkToADeviceIsWrittenThroughAndStaysALink() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url("run.sonoraprofile")
        try TestProfiles.write(to: input)
        let null = folder.url("null.svg"), full = folder.url("full.svg")
        try FileManager.default.createSymbolicLink(atPath: null.path, withDestinationPath: "/dev/null")
        try FileManager.default.createSymbolicLink(atPath: full.path, withDestinationPath: "/dev/full")

        let toNull = try SonoraCLI.run("profile", "convert", input.path, "--to", "svg", "-o", null.path)
        #expect(toNull.status == 0, "\(toNull)")
        #expect(fileType(null) == .typeSymbolicLink)

        let toFull = try SonoraCLI.run("profile", "convert", input.path, "--to", "svg", "-o", full.path)
        #expect(toFull.status == 3, "a full device must fail the write: \(toFull)")
        #expect(toFull.error.contains(full.path) && toFull.error.contains("No space left on device"), "\(toFull)")
        #expect(fileType(full) == .typeSymbolicLink)
    }

    @Test func aFIFOIsWrittenThroughAndStaysAFIFO() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url("run.sonoraprofile"), fifo = folder.url("stacks.fifo"), copy = folder.url("copy.folded")
        try TestProfiles.write(to: input)
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // A reader for the FIFO; `timeout` ends it if the FIFO is never opened for writing.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "timeout 30 cat \"$0\" > \"$1\"", fifo.path, copy.path]
        try reader.run()

        let run = try SonoraCLI.run("profile", "convert", input.path, "--to", "folded", "-o", fifo.path)
        reader.waitUntilExit()
        #expect(run.status == 0, "\(run)")
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced")
        #expect(try String(contentsOf: copy, encoding: .utf8) == "main-7;main;Bot.decode() -> () 4\nmain-7;main;Bot.sort() -> () 2\n")
    }

    @Test func aLinkToAFileUpdatesTheTargetAndKeepsTheLink() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url("run.sonoraprofile"), target = folder.url("target.folded"), link = folder.url("link.folded")
        try TestProfiles.write(to: input)
        try Data("old".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target.folded")

        let run = try SonoraCLI.run("profile", "convert", input.path, "--to", "folded", "-o", link.path)
        #expect(run.status == 0, "\(run)")
        #expect(fileType(link) == .typeSymbolicLink)
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("main-7;main;"))
    }

    @Test func aFolderIsRefusedByName() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url("run.sonoraprofile")
        try TestProfiles.write(to: input)
        let run = try SonoraCLI.run("profile", "convert", input.path, "--to", "svg", "-o", folder.root.path)
        #expect(run.status == 3)
        #expect(run.error.contains("is a folder"), "\(run)")
    }

    @Test func theOutputCannotBeTheInput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url("run.sonoraprofile"), alias = folder.url("alias.sonoraprofile")
        try TestProfiles.write(to: input)
        try FileManager.default.createSymbolicLink(atPath: alias.path, withDestinationPath: input.path)
        let before = try Data(contentsOf: input)

        for output in [input.path, alias.path] {
            let run = try SonoraCLI.run("profile", "convert", input.path, "--to", "svg", "-o", output)
            #expect(run.status == 2, "\(run)")
            #expect(run.error.contains("is the input profile"), "\(run)")
        }
        let native = try SonoraCLI.run("profile", "convert", input.path, "--to", "native")
        #expect(native.status == 2, "\(native)")
        #expect(native.error.contains("--to native needs -o"), "\(native)")
        let diff = try SonoraCLI.run("profile", "diff", input.path, input.path, "--svg", input.path)
        #expect(diff.status == 2, "\(diff)")
        #expect(try Data(contentsOf: input) == before, "the input profile was changed")
    }

    @Test func aNativeCopyKeepsTheStartTimeToTheMillisecond() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var profile = TestProfiles.profile()
        profile.metadata.startTime = Date(timeIntervalSince1970: 1_767_323_045.005)
        var current = folder.url("0.sonoraprofile")
        try profile.write(to: current)
        for round in 1 ... 3 {
            let next = folder.url("\(round).sonoraprofile")
            let run = try SonoraCLI.run("profile", "convert", current.path, "--to", "native", "-o", next.path)
            #expect(run.status == 0, "\(run)")
            current = next
        }
        let text = try String(contentsOf: current, encoding: .utf8)
        #expect(text.contains("\"startTime\":\"2026-01-02T03:04:05.005Z\""), "the start time drifted")
    }
}
