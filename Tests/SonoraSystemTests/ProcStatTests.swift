import Foundation
import Testing
@testable import SonoraSystem

@Suite struct ProcStatTests {
    @Test func aCommandNameWithSpacesAndParenthesesIsKeptWhole() throws {
        let stat = try ProcStat.parse(fixtures.text("proc/stat-comm-with-spaces-and-parentheses.txt"))
        #expect(stat.pid == 4242)
        #expect(stat.command == "my bot (shard 1) ")
        #expect(stat.state == "S")
        #expect(stat.userTicks == 731)
        #expect(stat.systemTicks == 42)
        #expect(stat.threads == 7)
        #expect(stat.startTicks == 123_456)
        #expect(stat.virtualMemoryBytes == 1_234_567_890)
        #expect(stat.residentPages == 3201)
    }

    @Test func aNonNumericTimeNamesTheFileAndTheField() throws {
        let error = try parseError("stat-bad-utime.txt") { try ProcStat.parse($0, path: $1) }
        #expect(error.code == .malformedProcFile)
        #expect(error.message.contains("stat-bad-utime.txt"))
    }

    @Test func aLineWithoutParenthesesIsRefused() {
        #expect(throws: SystemError.self) { try ProcStat.parse("12 bot S 1 2 3") }
    }

    @Test func thisProcessStatAgreesWithItsStatus() throws {
        let stat = try ProcStat.read()
        #expect(stat.pid == getpid())
        #expect(stat.threads >= 1)
        #expect(stat.residentPages > 0)
        #expect(stat.command == (try ProcFile.read("/proc/self/comm")).trimmingCharacters(in: .newlines))
    }
}

@Suite struct MachineFileTests {
    @Test func meminfoFieldsAreInBytes() throws {
        let info = ProcMeminfo.parse(try fixtures.text("proc/meminfo-head.txt"))
        #expect(info.totalBytes == 24_683_664 * 1024)
        #expect(info.availableBytes == 22_729_404 * 1024)
        #expect(info.fields["Missing"] == nil)
    }

    @Test func machineStatSumsBusyAndIdleJiffiesAndReadsBootTime() throws {
        let stat = try MachineStat.parse(fixtures.text("proc/stat-machine.txt"))
        #expect(stat.totalJiffies == 77982 + 8444 + 37639 + 496 + 152 + 442)
        #expect(stat.busyJiffies == 77982 + 8444 + 152 + 442)
        #expect(stat.bootTime == 1_796_289_221)
    }

    @Test func machineStatWithoutACPULineIsRefused() {
        let error = #expect(throws: SystemError.self) { try MachineStat.parse("intr 1 2 3\n", path: "stat-x") }
        #expect(error?.message.contains("stat-x") == true)
    }

    @Test func loadAverageParsesThreeNumbersAndRefusesFewer() throws {
        let load = try LoadAverage.parse("0.52 0.58 1.59 1/467 12345\n")
        #expect(load == LoadAverage(oneMinute: 0.52, fiveMinutes: 0.58, fifteenMinutes: 1.59))
        #expect(throws: SystemError.self) { try LoadAverage.parse("0.52 x\n") }
    }
}

@Suite struct SyscallTests {
    @Test func aFailedCallCarriesAReadableErrno() throws {
        let error = try #require(throws: SystemError.self) { try ProcFile.read("/no/such/file") }
        #expect(error.errno == .noSuchFileOrDirectory)
        #expect(error.errno?.name == "ENOENT")
        #expect(error.message.contains("open /no/such/file"))
        #expect("\(error)".contains("ENOENT (No such file or directory)"))
    }

    @Test func anInterruptedCallIsRetried() throws {
        var calls = 0
        let result = try Syscall.retryingOnInterrupt("fake", "call") { () -> Int32 in
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == 7)
        #expect(calls == 3)
    }

    @Test func openDescriptorsIncludeAFileThisTestOpened() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fd-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let entries = try ProcFileDescriptors.entries()
        #expect(entries.contains { $0.fd == fd && $0.target == path })
        #expect(ProcFileDescriptors.regularFiles(among: entries).contains(path))
        #expect(!ProcFileDescriptors.regularFiles(among: [.init(fd: 0, target: "pipe:[1]")]).contains("pipe:[1]"))
    }

    @Test func theOpenFileLimitIsPositive() throws {
        #expect(try Syscall.openFileLimit() > 0)
    }
}
