import Foundation
import SonoraProfiler
import SonoraTestSupport
import Testing

/// `sonora record`, run as a user runs it: the built binary, spawned.
@Suite(.serialized) struct RecordCommandTests {
    @Test func recordWritesTheProfilePrintsTopFunctionsOnStderrAndPassesTheExitStatusOn() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let run = try ChildProcess(try Built.sonora, ["record", "-o", "p.sonoraprofile", "--top", "5", "--", probe, "exit"], in: folder)
            let end = run.finish()
            #expect(end.status == 3 && !end.signaled, "the command's exit status: \(end); stderr: \(run.error)")
            #expect(run.output == "start exit\ndone 1\n", "stdout is the command's alone")
            #expect(run.error.contains("sonora: wrote native profile to p.sonoraprofile"))
            #expect(run.error.contains("burn.c") == false && run.error.contains("(burn_cpu)"), "top functions: \(run.error)")
            let profile = try Profile(contentsOf: folder.appendingPathComponent("p.sonoraprofile"))
            #expect(profile.weightedSampleCount > 10)
        }
    }

    @Test func withoutOutputTheFileIsNamedAfterTheCommandAndTheTime() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let run = try ChildProcess(try Built.sonora, ["record", "--top", "0", "--", probe, "exit"], in: folder)
            #expect(run.finish().status == 3)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            let profile = try #require(names.first { $0.hasPrefix("probe-") && $0.hasSuffix(".sonoraprofile") }, "files: \(names)")
            #expect(profile.wholeMatch(of: /probe-\d{8}-\d{6}\.sonoraprofile/) != nil)
            #expect(run.error.contains(profile))
        }
    }

    @Test func anUnknownCommandExits127WithAClearMessage() throws {
        try withTemporaryDirectory { folder in
            let run = try ChildProcess(try Built.sonora, ["record", "--", "no-such-command-sonora"], in: folder)
            #expect(run.finish().status == 127)
            #expect(run.error.contains("no-such-command-sonora: command not found"))
            let missing = try ChildProcess(try Built.sonora, ["record"], in: folder)
            #expect(missing.finish().status == 2)
            #expect(missing.error.contains("no command to record"))
        }
    }

    @Test func sigtermToSonoraReachesTheCommandWhichWritesItsProfileAndBothDieOfIt() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let run = try ChildProcess(try Built.sonora, ["record", "-o", "t.pb.gz", "--", probe, "loop"], in: folder)
            #expect(run.waitUntil { run.output.contains("start loop") })
            Thread.sleep(forTimeInterval: 0.5)
            run.signal(SIGTERM)
            let end = run.finish()
            #expect(end.signaled && end.status == SIGTERM, "sonora ends as its command did: \(end); stderr: \(run.error)")
            let bytes = try Data(contentsOf: folder.appendingPathComponent("t.pb.gz"))
            #expect(bytes.starts(with: [0x1f, 0x8b]))
        }
    }

    @Test func standardInputReachesTheCommand() throws {
        try withTemporaryDirectory { folder in
            let input = folder.appendingPathComponent("input.txt")
            try "line one\nline two\n".write(to: input, atomically: true, encoding: .utf8)
            let run = try ChildProcess(try Built.sonora, ["record", "-o", "cat.sonoraprofile", "--", "cat"], in: folder, stdin: input)
            #expect(run.finish().status == 0)
            #expect(run.output == "line one\nline two\n")
        }
    }

    @Test func durationWritesTheProfileWhileTheCommandKeepsRunning() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let run = try ChildProcess(try Built.sonora, ["record", "--duration", "1", "-o", "d.folded", "--", probe, "loop"], in: folder)
            defer { if run.process.isRunning { run.signal(SIGKILL) } }
            let path = folder.appendingPathComponent("d.folded").path
            #expect(run.waitUntil { FileManager.default.fileExists(atPath: path) })
            #expect(run.waitUntil(timeout: 10) { run.error.contains("sonora: wrote folded profile to d.folded") })
            #expect(run.process.isRunning, "the command goes on after --duration")
            run.signal(SIGTERM)
            let end = run.finish()
            #expect(end.signaled && end.status == SIGTERM)
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains("burn_cpu"))
        }
    }
}
