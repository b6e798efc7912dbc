import Foundation
import Testing
@testable import SonoraMonitor

/// `systemStats()` against psutil reading this same process at the same moments.
@Suite(.serialized) struct SystemStatsTests {
    /// A python3 child that prints psutil's view of `pid` each time it reads a line.
    final class PsutilPeer {
        let process = Process()
        let input = Pipe()
        let output = Pipe()

        init(pid: Int32) throws {
            let script = """
                import json, sys, psutil
                p = psutil.Process(\(pid))
                for _ in sys.stdin:
                    print(json.dumps({"cpu": p.cpu_percent(), "rss": p.memory_info().rss,
                        "memory_percent": p.memory_percent(), "threads": p.num_threads(),
                        "fds": p.num_fds(), "files": sorted(f.path for f in p.open_files())}), flush=True)
                """
            process.executableURL = URL(fileURLWithPath: try ExternalTools.require("python3"))
            process.arguments = ["-c", script]
            process.standardInput = input
            process.standardOutput = output
            try process.run()
        }

        struct Reading: Decodable {
            var cpu: Double
            var rss: UInt64
            var memory_percent: Double
            var threads: Int
            var fds: Int
            var files: [String]
        }

        func read() throws -> Reading {
            input.fileHandleForWriting.write(Data("x\n".utf8))
            var line = Data()
            while true {
                let byte = try output.fileHandleForReading.read(upToCount: 1) ?? Data()
                if byte.isEmpty || byte == Data("\n".utf8) { break }
                line.append(byte)
            }
            return try JSONDecoder().decode(Reading.self, from: line)
        }

        deinit {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    @Test(.enabled(if: ExternalTools.psutilAvailable || ExternalTools.inCI))
    func systemStatsAgreeWithPsutilOnTheSameProcess() throws {
        guard ExternalTools.psutilAvailable else { throw ExternalTools.Missing(tool: "python3 psutil") }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("psutil-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data("open".utf8))
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
        }
        let monitor = PerformanceMonitor()
        let peer = try PsutilPeer(pid: getpid())
        // psutil first: python's start-up happens before either first reading, not inside our interval.
        let firstTheirs = try peer.read()
        let firstOurs = try monitor.systemStats()
        #expect(firstOurs.cpuPercent == 0)
        #expect(firstTheirs.cpu == 0)

        // A busy second on this thread; no thread starts or ends in between.
        let start = Date()
        var sink = 0.0
        while Date().timeIntervalSince(start) < 1.0 { sink += sin(sink + 1) }
        #expect(sink.isFinite)

        let theirs = try peer.read()
        let ours = try monitor.systemStats()
        #expect(abs(ours.cpuPercent - theirs.cpu) <= 5, "cpu% ours \(ours.cpuPercent) psutil \(theirs.cpu)")
        #expect(abs(Double(ours.residentBytes) - Double(theirs.rss)) / Double(theirs.rss) <= 0.01)
        #expect(abs(ours.memoryPercent - theirs.memory_percent) <= 0.01 * theirs.memory_percent)
        #expect(abs(ours.memoryMB - Double(theirs.rss) / 1_048_576) / ours.memoryMB <= 0.01)
        #expect(ours.threads == theirs.threads)
        #expect(ours.openFileDescriptors == theirs.fds)
        #expect(ours.openFiles.sorted() == theirs.files)
        #expect(ours.openFiles.contains(path))
        #expect(ours.loadAverage.oneMinute >= 0)
    }
}
