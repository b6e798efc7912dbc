import Foundation
import Testing
@testable import SonoraSystem

@Suite struct ProcStatusTests {
    @Test func parsesMemoryThreadAndContextSwitchFieldsOfARealStatusFile() throws {
        let status = try ProcStatus.parse(fixtures.text("proc/status-python-4-threads.txt"))
        #expect(status.vmRSSKiB == 13572)
        #expect(status.vmHWMKiB == 64748)
        #expect(status.vmPeakKiB == 289028)
        #expect(status.threads == 4)
        #expect(status.voluntaryContextSwitches == 22)
        #expect(status.nonvoluntaryContextSwitches == 32)
        #expect(abs(status.peakMB - 64748.0 / 1024) < 1e-9)
    }

    @Test("A non-numeric value or a line without a colon names the file and line", arguments: [
        ("status-bad-vmrss.txt", ["status-bad-vmrss.txt, line 23", "VmRSS"]),
        ("status-no-colon.txt", ["status-no-colon.txt, line 5"]),
    ])
    func aMalformedLineNamesTheFileAndLine(fixture: String, fragments: [String]) throws {
        let error = try parseError(fixture) { try ProcStatus.parse($0, path: $1) }
        #expect(error.code == .malformedProcFile)
        for fragment in fragments { #expect(error.message.contains(fragment)) }
    }

    @Test func aMissingRequiredFieldIsNamed() throws {
        let error = try parseError("status-missing-vmhwm.txt") { try ProcStatus.parse($0, path: $1) }
        #expect(error.message.contains("no VmHWM field"))
    }

    @Test func readsThisProcessStatus() throws {
        let status = try ProcStatus.readSelf()
        #expect(status.vmRSSKiB > 0)
        #expect(status.vmHWMKiB >= status.vmRSSKiB)
        #expect(status.threads >= 1)
    }

    @Test func signalMasksSayWhichSignalsAreHandledOrIgnored() throws {
        let status = try ProcStatus.parse(fixtures.text("proc/status-python-4-threads.txt"))
        #expect(status.caughtSignals == 0x1_0000_0002)
        #expect(status.ignoredSignals == 0x100_1000)
        #expect(status.handlesOrIgnores(SIGINT))   // caught
        #expect(status.handlesOrIgnores(SIGPIPE))  // ignored
        #expect(!status.handlesOrIgnores(SIGUSR2))  // default action
        #expect(!status.handlesOrIgnores(0) && !status.handlesOrIgnores(65))
    }

    @Test func aMalformedSignalMaskNamesTheLine() throws {
        let text = "VmHWM:\t1 kB\nVmRSS:\t1 kB\nThreads:\t1\nSigCgt:\t00zz\n"
        let error = try #require(throws: SystemError.self) { try ProcStatus.parse(text, path: "status") }
        #expect(error.code == .malformedProcFile)
        #expect(error.message.contains("status, line 4: SigCgt must be 16 hexadecimal digits"), "\(error.message)")
    }

    @Test func thisProcessCatchesASignalOnceItInstallsAHandler() throws {
        let previous = signal(SIGWINCH, { _ in })
        defer { signal(SIGWINCH, previous) }
        #expect(try ProcStatus.readSelf().handlesOrIgnores(SIGWINCH))
    }

    @Test func anUnreadableFileIsAnUnreadableFileError() throws {
        let error = try #require(throws: SystemError.self) { try ProcStatus.read(path: "/proc/self/no-such-file") }
        #expect(error.code == .unreadableFile)
        #expect(error.message.contains("/proc/self/no-such-file"))
        #expect(error.errno == .noSuchFileOrDirectory)
        #expect("\(error)".contains("ENOENT"))
    }
}

@Suite struct ProcFSPeakMemoryTests {
    @Test func resetReportsFalseWhenTheFileCannotBeWritten() throws {
        #expect(try PeakMemory.reset(path: "/proc/self/no-such-clear_refs") == false)
    }

    @Test func resetWritesFiveToTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("clear_refs-\(UUID().uuidString)")
        try Data().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try PeakMemory.reset(path: url.path) == true)
        #expect(try String(contentsOf: url, encoding: .utf8) == "5")
    }

    // These never write the real /proc/self/clear_refs: a reset is process-wide and would disturb
    // peak-memory tests running in parallel.
    @Test func aPeakResetAtStartMakesThePeakSessionLocal() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("clear_refs-\(UUID().uuidString)")
        try Data().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let baseline = try PeakMemory.begin(resetPeak: true, clearRefsPath: url.path)
        #expect(baseline.peakWasReset)
        #expect(try ProcStatus.readSelf().vmRSSKiB > 0)
    }

    @Test func aFailedResetLeavesTheProcessLifetimePeak() throws {
        let baseline = try PeakMemory.begin(resetPeak: true, clearRefsPath: "/proc/self/no-such-clear_refs")
        #expect(!baseline.peakWasReset)
        #expect(baseline.rssKiB > 0)
    }
}

@Suite struct ProcFSTasksTests {
    @Test func listsTheMainThreadAndNamesIt() throws {
        let ids = try ProcTasks.threadIDs()
        let me = getpid()  // the main thread's id is the process id
        #expect(ids.contains(me))
        #expect(ids == ids.sorted())
        let name = try #require(ProcTasks.threadName(me))
        #expect(!name.isEmpty && !name.hasSuffix("\n"))
    }

    @Test func anExitedThreadHasNoName() {
        #expect(ProcTasks.threadName(Int32.max) == nil)
    }

    @Test func aDirectoryThatIsNotATaskListIsMalformed() throws {
        let error = try #require(throws: SystemError.self) {
            try ProcTasks.threadIDs(directory: fixtures.url("proc").path)
        }
        #expect(error.code == .malformedProcFile)
    }
}
