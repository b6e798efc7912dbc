import Foundation
import SonoraProfiler
import SonoraTestSupport
import Testing

/// The preload library in programs that know nothing of Sonora: a C program compiled here, and
/// PlainNIOServer, a SwiftNIO server with no Sonora code.
@Suite(.serialized) struct PreloadLibraryTests {
    private func functions(_ profile: Profile) -> Set<String> {
        Set(profile.samples.flatMap { $0.stack.map { profile.frames[$0].function } })
    }

    @Test func aCProgramWritesAProfileAtExitWithItsOutputAndStatusUnchanged() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let plain = try ChildProcess(probe, ["exit"], in: folder)
            let plainEnd = plain.finish()
            let path = folder.appendingPathComponent("probe.sonoraprofile").path
            let run = try ChildProcess(probe, ["exit"], environment: ["LD_PRELOAD": try Built.library, "SONORA_PROFILE": path], in: folder)
            let end = run.finish()
            #expect(end.status == 3 && !end.signaled && plainEnd.status == 3)
            #expect(run.output == plain.output)
            #expect(run.output == "start exit\ndone 1\n")
            #expect(run.error == "")
            let profile = try Profile(contentsOf: URL(fileURLWithPath: path))
            #expect(profile.metadata.pid == run.pid)
            #expect(profile.weightedSampleCount > 10)
            #expect(functions(profile).contains("burn_cpu"))
        }
    }

    @Test func sigtermWritesTheProfileAndTheProgramStillDiesOfSigterm() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let path = folder.appendingPathComponent("term.pb.gz").path
            let run = try ChildProcess(probe, ["term"], environment: ["LD_PRELOAD": try Built.library, "SONORA_PROFILE": path], in: folder)
            let end = run.finish()
            #expect(end.signaled && end.status == SIGTERM, "the program must end by SIGTERM, not \(end)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.starts(with: [0x1f, 0x8b]), "the .pb.gz extension picks gzipped pprof")
        }
    }

    @Test func sigusr2WritesTheProfileAndPausesWhileTheProgramKeepsRunning() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let path = folder.appendingPathComponent("loop.folded").path
            let run = try ChildProcess(probe, ["loop"], environment: [
                "LD_PRELOAD": try Built.library, "SONORA_PROFILE": path, "SONORA_PROFILE_MODE": "wall", "SONORA_PROFILE_FREQUENCY": "200",
            ], in: folder)
            defer { run.signal(SIGKILL); _ = run.finish() }
            #expect(run.waitUntil { run.output.contains("start loop") })
            Thread.sleep(forTimeInterval: 0.5)
            run.signal(SIGUSR2)
            #expect(run.waitUntil { FileManager.default.fileExists(atPath: path) }, "SIGUSR2 writes the profile")
            Thread.sleep(forTimeInterval: 0.2)
            #expect(run.process.isRunning, "SIGUSR2 must not end the program")
            let folded = try String(contentsOfFile: path, encoding: .utf8)
            #expect(folded.contains("burn_cpu"))
            // A second SIGUSR2 resumes sampling; SIGTERM then writes the new session over the file.
            try FileManager.default.removeItem(atPath: path)
            run.signal(SIGUSR2)
            Thread.sleep(forTimeInterval: 0.3)
            run.signal(SIGTERM)
            let end = run.finish()
            #expect(end.signaled && end.status == SIGTERM)
            #expect(FileManager.default.fileExists(atPath: path), "the resumed session is written at SIGTERM")
        }
    }

    /// The thread names itself (prctl) instead of being named through /proc/self/task/TID/comm,
    /// whose entry would cost the process's reaper milliseconds at exit.
    @Test func theSignalThreadIsNamedSonoraSignals() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let path = folder.appendingPathComponent("names.sonoraprofile").path
            let run = try ChildProcess(probe, ["names"], environment: ["LD_PRELOAD": try Built.library, "SONORA_PROFILE": path], in: folder)
            #expect(run.finish().status == 0)
            #expect(run.output.contains(" sonora-signals"), "thread names: \(run.output)")
        }
    }

    @Test func anUnwritablePathIsReportedAtStartAndTheProgramRunsUnprofiled() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let path = folder.appendingPathComponent("missing-folder/out.sonoraprofile").path
            let run = try ChildProcess(probe, ["threads"], environment: ["LD_PRELOAD": try Built.library, "SONORA_PROFILE": path], in: folder)
            let end = run.finish()
            #expect(end.status == 0 && !end.signaled)
            #expect(run.error.contains("sonora: SONORA_PROFILE \(path) cannot be written"), "stderr: \(run.error)")
            #expect(run.error.contains("running unprofiled"))
            #expect(run.output.contains("threads 1 term-default 1 usr2-default 1"), "unprofiled means no thread and no handler: \(run.output)")
        }
    }

    @Test func aMissingAgentIsReportedAndTheProgramRunsUnprofiled() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let path = folder.appendingPathComponent("x.sonoraprofile").path
            let run = try ChildProcess(probe, ["threads"], environment: [
                "LD_PRELOAD": try Built.library, "SONORA_PROFILE": path, "SONORA_PRELOAD_AGENT": "/nonexistent/libSonoraPreloadAgent.so",
            ], in: folder)
            #expect(run.finish().status == 0)
            #expect(run.error.contains("sonora: cannot load the profiling agent /nonexistent/libSonoraPreloadAgent.so"), "stderr: \(run.error)")
            #expect(run.output == "start threads\nthreads 1 term-default 1 usr2-default 1\n")
        }
    }

    @Test func badSettingsNameTheVariableAndLeaveTheProgramUnprofiled() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let path = folder.appendingPathComponent("x.sonoraprofile").path
            for (name, value) in [("SONORA_PROFILE_MODE", "cycles"), ("SONORA_PROFILE_FREQUENCY", "0"), ("SONORA_PROFILE_FORMAT", "xml")] {
                let run = try ChildProcess(probe, ["threads"], environment: ["LD_PRELOAD": try Built.library, "SONORA_PROFILE": path, name: value], in: folder)
                #expect(run.finish().status == 0)
                #expect(run.error.contains("\(name) '\(value)'"), "stderr: \(run.error)")
                #expect(run.output.contains("threads 1 "))
            }
        }
    }

    @Test func withTheVariableUnsetTheLibraryAddsNoThreadNoHandlerAndNoOutput() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let run = try ChildProcess(probe, ["threads"], environment: ["LD_PRELOAD": try Built.library], in: folder)
            #expect(run.finish().status == 0)
            #expect(run.output == "start threads\nthreads 1 term-default 1 usr2-default 1\n")
            #expect(run.error == "")
            // Set, the library does run threads and owns the two signals: the probe can tell.
            let path = folder.appendingPathComponent("t.sonoraprofile").path
            let profiled = try ChildProcess(probe, ["threads"], environment: ["LD_PRELOAD": try Built.library, "SONORA_PROFILE": path], in: folder)
            #expect(profiled.finish().status == 0)
            #expect(!profiled.output.contains("threads 1 "), "a running session has threads: \(profiled.output)")
        }
    }

    @Test func aSignalTheProgramIgnoresIsLeftAloneAndSaidSoOnStderr() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let path = folder.appendingPathComponent("ign.sonoraprofile").path
            // trap '' INT makes SIGINT ignored, and exec keeps that: the program "owns" SIGINT.
            // (The library is preloaded into the probe only, through env, not into the shell.)
            let run = try ChildProcess("/bin/sh", ["-c", "trap '' INT; exec env LD_PRELOAD=\"$LIB\" SONORA_PROFILE=\"$OUT\" \"$0\" exit", probe],
                                       environment: ["LIB": try Built.library, "OUT": path], in: folder)
            #expect(run.finish().status == 3)
            #expect(run.error.contains("SIGINT is already handled or ignored by the program"), "stderr: \(run.error)")
            #expect(FileManager.default.fileExists(atPath: path), "the profile is still written at exit")
        }
    }

    @Test func aForkedChildIsNotProfiledIntoTheParentsFile() throws {
        try withTemporaryDirectory { folder in
            let probe = try ProbeProgram.build(in: folder)
            let path = folder.appendingPathComponent("fork.sonoraprofile").path
            let run = try ChildProcess(probe, ["fork"], environment: ["LD_PRELOAD": try Built.library, "SONORA_PROFILE": path], in: folder)
            #expect(run.finish().status == 0)
            #expect(run.output.hasSuffix("child 0\n"))
            let profile = try Profile(contentsOf: URL(fileURLWithPath: path))
            #expect(profile.metadata.pid == run.pid)
            let names = functions(profile)
            #expect(names.contains("parent_work"))
            #expect(!names.contains("child_work"), "the forked child's exit must not replace the parent's profile")
        }
    }

    @Test func aSwiftNIOServerWithNoSonoraCodeIsProfiledAndItsStdoutIsUnchanged() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("server-%p.sonoraprofile").path
            let run = try ChildProcess(try Built.server, ["0"], environment: ["LD_PRELOAD": try Built.library, "SONORA_PROFILE": path], in: folder)
            defer { if run.process.isRunning { run.signal(SIGKILL) } }
            #expect(run.waitUntil { run.output.hasSuffix("\n") })
            let port = try #require(Int(run.output.dropFirst("port ".count).dropLast()), "stdout: \(run.output)")
            for _ in 0..<20 { #expect(try HTTPGet.get(port: port, "/work?n=3000000").status == 200) }
            _ = try? HTTPGet.get(port: port, "/exit")
            let end = run.finish()
            #expect(end.status == 0 && !end.signaled)
            #expect(run.output == "port \(port)\n", "nothing of Sonora's on stdout")
            let written = path.replacingOccurrences(of: "%p", with: String(run.pid))
            let profile = try Profile(contentsOf: URL(fileURLWithPath: written))
            #expect(profile.samples.contains { $0.stack.contains { profile.frames[$0].function.contains("checksumWork") } })
        }
    }
}

