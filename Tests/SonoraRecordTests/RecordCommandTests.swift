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

    /// A profile path that cannot be written is found before the command runs (or before a server
    /// spends `--seconds` profiling), not after: the run would be profiled for nothing.
    @Test func anUnwritableOutputIsRefusedBeforeTheCommandRuns() throws {
        try withTemporaryDirectory { folder in
            let marker = folder.appendingPathComponent("ran")
            let cases: [(String, String)] = [
                (folder.path, "sonora: cannot write \(folder.path): it is a folder; nothing was run"),
                ("missing/p.sonoraprofile", "sonora: cannot write \(folder.path)/missing/p.sonoraprofile: the folder \(folder.path)/missing does not exist; nothing was run"),
                ("/dev/null/p.sonoraprofile", "sonora: cannot write /dev/null/p.sonoraprofile: cannot inspect it: Not a directory; nothing was run"),
            ]
            for (output, message) in cases {
                let run = try ChildProcess(try Built.sonora, ["record", "-o", output, "--", "/bin/sh", "-c", "touch ran"], in: folder)
                #expect(run.finish().status == 2, "\(output): \(run.error)")
                #expect(run.error == message + "\n", "\(output)")
                #expect(!FileManager.default.fileExists(atPath: marker.path), "\(output): the command ran")
            }
            // Nothing listens on port 1; the output is checked before the fetch is tried.
            let fetch = try ChildProcess(try Built.sonora, ["record", "--url", "http://127.0.0.1:1", "--seconds", "1", "-o", folder.path], in: folder)
            #expect(fetch.finish().status == 3)
            #expect(fetch.error == "error: cannot write \(folder.path): it is a folder; nothing was fetched\n", "\(fetch.error)")
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

    /// A `--duration` shorter than the command's start must not deliver SIGUSR2 before the preload
    /// library handles it: its default action would kill the command.
    @Test func aDurationShorterThanTheStartDoesNotKillTheCommand() throws {
        try withTemporaryDirectory { folder in
            for duration in ["0.000001", "0.002"] {
                let run = try ChildProcess(
                    try Built.sonora, ["record", "--duration", duration, "-o", "d.sonoraprofile", "--", "/bin/sh", "-c", "sleep 0.2; echo alive"],
                    in: folder)
                let end = run.finish()
                #expect(end.status == 0 && !end.signaled, "--duration \(duration): \(end); stderr: \(run.error)")
                #expect(run.output == "alive\n", "--duration \(duration)")
                #expect(run.error.contains("sonora: wrote native profile to d.sonoraprofile"), "\(run.error)")
            }
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
