import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraSystem

/// `InputFile` reads what a user names (a profile, a report): whole files and streams up to a ceiling,
/// with errors that name the file.
@Suite struct InputFileTests {
    @Test func aRegularFileReadsWholeUpToExactlyTheLimit() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("seven").path
            try Data("1234567".utf8).write(to: URL(fileURLWithPath: path))
            #expect(try InputFile.read(path, limit: 7, kind: "test file") == Array("1234567".utf8))
            let error = try #require(throws: SystemError.self) { try InputFile.read(path, limit: 6, kind: "test file") }
            #expect(error.code == .fileTooLarge)
            #expect(error.message == "cannot read \(path): it holds 7 bytes, more than the 6 bytes a test file may have")
        }
    }

    @Test func aLargeSparseFileIsRefusedBeforeItIsRead() throws {
        try withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("sparse").path
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: 8 << 30)
            try handle.close()
            let error = try #require(throws: SystemError.self) { try InputFile.read(path, limit: 1 << 30, kind: "profile file") }
            #expect(error.code == .fileTooLarge)
            #expect(error.message.contains("more than the 1 GiB a profile file may have"), "\(error.message)")
        }
    }

    @Test func anEndlessDeviceIsRefusedOnceItPassesTheLimit() throws {
        let error = try #require(throws: SystemError.self) { try InputFile.read("/dev/zero", limit: 1 << 20, kind: "report") }
        #expect(error.code == .fileTooLarge)
        #expect(error.message == "cannot read /dev/zero: it gave more than 1 MiB without ending, more than a report may have")
    }

    @Test func aStreamOfExactlyTheLimitIsAccepted() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let payload = [UInt8](repeating: 0x61, count: 200_000)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(payload))
                try? handle.close()
            }
        }
        writer.start()
        let bytes = try InputFile.read(fifo, limit: payload.count, kind: "test file")
        #expect(bytes == payload)
    }

    @Test func anEmptyDeviceReadsAsNoBytes() throws {
        #expect(try InputFile.read("/dev/null", limit: 10, kind: "test file").isEmpty)
    }

    @Test func aFolderOrAMissingFileIsNamedWithTheReason() throws {
        try withTemporaryDirectory { folder in
            let error = try #require(throws: SystemError.self) { try InputFile.read(folder.path, limit: 10, kind: "benchmark report") }
            #expect(error.code == .unreadableFile)
            #expect(error.message == "cannot read \(folder.path): it is a folder, not a benchmark report")
            let missing = folder.appendingPathComponent("gone").path
            let gone = try #require(throws: SystemError.self) { try InputFile.read(missing, limit: 10, kind: "test file") }
            #expect(gone.code == .unreadableFile)
            #expect(gone.errno == .noSuchFileOrDirectory)
            #expect(gone.message == "cannot read \(missing): No such file or directory")
        }
    }

    @Test(arguments: [(1 << 30, "1 GiB"), (256 << 20, "256 MiB"), (64 << 10, "64 KiB"), (1000, "1000 bytes"), ((1 << 20) + 1, "1048577 bytes")])
    func limitsAreWrittenInTheLargestWholeUnit(count: Int, text: String) {
        #expect(InputFile.byteText(count) == text)
    }
}
