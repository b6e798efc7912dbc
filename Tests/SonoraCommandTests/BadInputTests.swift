import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

/// Issue 14, items 3, 4 and 6: corrupt profiles and bad option values exit 2 with a message
/// naming the field; nothing traps, nothing is accepted silently, messages speak plainly.
@Suite(.enabled(if: SonoraCLI.isBuilt, "needs the sonora executable next to the test bundle"))
struct BadInputTests {
    /// Writes a profile edited by `edit`, runs `sonora` with `arguments` + the file, returns the run.
    private func run(_ arguments: [String], edit: @escaping (inout [String: Any]) -> Void, profile: Profile = TestProfiles.profile()) throws -> SonoraCLI.Run {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url("bad.sonoraprofile")
        try TestProfiles.write(profile, to: url, edit: edit)
        return try SonoraCLI.run(arguments.map { $0 == "FILE" ? url.path : $0.replacingOccurrences(of: "OUT", with: folder.url("out").path) })
    }

    private func setWeights(_ weights: [Int]) -> (inout [String: Any]) -> Void {
        { object in
            var samples = object["samples"] as! [[String: Any]]
            for (index, weight) in weights.enumerated() { samples[index]["weight"] = weight }
            object["samples"] = samples
        }
    }

    @Test func weightsThatOverflowAreRefusedOnLoadNamingTheWeight() throws {
        let half = Int.max / 2 + 1
        for arguments in [["profile", "show", "FILE"], ["profile", "convert", "FILE", "--to", "pprof", "-o", "OUT"]] {
            let result = try run(arguments, edit: setWeights([half, half]))
            #expect(!result.crashed && result.status == 2, "\(arguments): \(result)")
            #expect(result.error.contains("weight"), "\(result)")
        }
        for format in ["pprof", "speedscope"] {
            let result = try run(["profile", "convert", "FILE", "--to", format, "-o", "OUT"], edit: setWeights([1 << 62]))
            #expect(!result.crashed && result.status == 2, "\(format): \(result)")
            #expect(result.error.contains("weight"), "\(result)")
        }
    }

    /// The value is a JSON fragment.
    @Test(arguments: [
        ("frequency", "0", "metadata.frequency"), ("frequency", "-5", "metadata.frequency"),
        ("duration", "-1.5", "metadata.duration"), ("mode", #""allocations""#, "metadata.mode"),
    ])
    func corruptMetadataIsRefusedNamingTheField(field: String, value: String, name: String) throws {
        let json = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        let result = try run(["profile", "show", "FILE"], edit: { $0.setMetadata(field, json) })
        #expect(result.status == 2, "\(field)=\(value): \(result)")
        #expect(result.error.contains(name), "\(result)")
        #expect(result.output.isEmpty)
    }

    @Test func controlCharactersInNamesAreEscapedInTheSVGAndTheTable() throws {
        var frames = TestProfiles.profile().frames
        frames[1].function = "evil\u{0}name\u{1B}[31m"
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url("evil.sonoraprofile"), svg = folder.url("evil.svg")
        try TestProfiles.profile(frames: frames).write(to: url)

        let convert = try SonoraCLI.run("profile", "convert", url.path, "--to", "svg", "-o", svg.path)
        #expect(convert.status == 0, "\(convert)")
        let parse = try CommandRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])", svg.path])
        #expect(parse.status == 0, "the SVG is not well-formed XML")

        let show = try SonoraCLI.run("profile", "show", url.path, "--callers", "evil")
        #expect(show.status == 0, "\(show)")
        #expect(!show.output.utf8.contains(0x1B) && !show.output.utf8.contains(0))
        #expect(show.output.contains("evil\\u{0}name\\u{1B}[31m"))
    }

    @Test func anEmptyProfileIsNotWrittenAsAnUnloadablePstatsFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url("empty.sonoraprofile"), prof = folder.url("empty.prof")
        try TestProfiles.profile(samples: []).write(to: url)
        let run = try SonoraCLI.run("profile", "convert", url.path, "--to", "pstats", "-o", prof.path)
        #expect(run.status == 2, "\(run)")
        #expect(run.error.contains("no samples"), "\(run)")
        #expect(!FileManager.default.fileExists(atPath: prof.path))
    }

    @Test(arguments: [
        ["profile", "demo", "--seconds", "nan"], ["profile", "demo", "--seconds", "inf"], ["profile", "demo", "--seconds", "0"],
    ])
    func nonsenseNumbersOnTheCommandLineExitTwoNamingTheOption(arguments: [String]) throws {
        // In a scratch folder: a build without the checks would go on and save files.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let run = try SonoraCLI.run(arguments, in: folder.root)
        #expect(!run.crashed && run.status == 2, "\(arguments): \(run)")
        #expect(run.error.contains(arguments[arguments.count - 2]), "\(run)")
    }

    @Test func validJSONOfTheWrongShapeIsNotCalledInvalidJSON() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url("array.sonoraprofile")
        try Data("[1, 2, 3]".utf8).write(to: url)
        let run = try SonoraCLI.run("profile", "show", url.path)
        #expect(run.status == 2)
        #expect(run.error.contains("is JSON but not a Sonora profile"), "\(run)")
        #expect(!run.error.contains("Dictionary") && !run.error.contains("DecodingError"), "\(run)")
    }

    @Test func aMissingFileIsNamedWithTheSystemsReason() throws {
        let run = try SonoraCLI.run("profile", "show", "/nonexistent-sonora/run.sonoraprofile")
        #expect(run.status == 2)
        #expect(run.error == "error: cannot read /nonexistent-sonora/run.sonoraprofile: No such file or directory\n", "\(run)")
    }

    @Test func aProfileIsReadFromStandardInputAsDashOrDevStdin() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url("run.sonoraprofile")
        try TestProfiles.write(to: url)
        for name in ["-", "/dev/stdin"] {
            let run = try SonoraCLI.run(["profile", "show", name], stdin: url)
            #expect(run.status == 0, "\(name): \(run)")
            #expect(run.output.contains("3 samples (6 weighted)"), "\(name): \(run)")
        }
    }

    @Test func trackJSONErrorsNameTheFieldWithoutSwiftInternals() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.url("tracks.jsonl")
        try Data(#"{"author":"a","length":1,"identifier":"x","isStream":false,"sourceName":"http"}"#.utf8).write(to: input)
        let run = try SonoraCLI.run(["track", "encode", "-"], stdin: input)
        #expect(run.status == 2)
        #expect(run.error == "error: track 1: not a track object: the field \"title\" is missing\n", "\(run)")
        let notJSON = try SonoraCLI.run("track", "encode", "{nope")
        #expect(notJSON.error == "error: track 1: not valid JSON\n", "\(notJSON)")
    }

    /// A device or an endless stream is refused with its name once it passes the reader's ceiling,
    /// instead of filling memory (`/dev/zero` has no line ends), and a file too large to be a profile
    /// or report is refused before it is read (a sparse file: nothing is written to disk).
    @Test func endlessOrHugeInputsAreRefusedNamingThem() throws {
        let track = try SonoraCLI.run(["track", "decode"], stdin: URL(fileURLWithPath: "/dev/zero"))
        #expect(track.status == 2, "\(track)")
        #expect(track.error == "error: standard input line 1 is longer than 4 MiB without a line end; give one track per line\n", "\(track)")

        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (name, size) in [("huge.sonoraprofile", 2 << 30), ("huge.json", 300 << 20)] {
            #expect(FileManager.default.createFile(atPath: folder.url(name).path, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: folder.url(name).path))
            try handle.truncate(atOffset: UInt64(size))
            try handle.close()
        }
        let profile = try SonoraCLI.run("profile", "show", folder.url("huge.sonoraprofile").path)
        #expect(profile.status == 2, "\(profile)")
        #expect(profile.error == "error: cannot read \(folder.url("huge.sonoraprofile").path): it holds 2147483648 bytes, more than the 1 GiB a profile file may have\n", "\(profile)")
        let report = try SonoraCLI.run("bench", "compare", folder.url("huge.json").path, folder.url("huge.json").path)
        #expect(report.status == 2, "\(report)")
        #expect(report.error.contains("cannot read \(folder.url("huge.json").path): it holds 314572800 bytes, more than the 256 MiB a benchmark report may have"), "\(report)")
    }

    /// Foundation refuses to read a character device and calls it a permission problem; the report
    /// reader reads it and says what is wrong with it.
    @Test func anEmptyDeviceAsAReportIsCalledEmpty() throws {
        let run = try SonoraCLI.run("bench", "compare", "/dev/null", "/dev/null")
        #expect(run.status == 2, "\(run)")
        #expect(run.error.contains("/dev/null is not a Sonora benchmark report: it is empty"), "\(run)")
        #expect(!run.error.contains("permission"), "\(run)")
    }

    @Test func trackLinesEndingInCarriageReturnsDecode() throws {
        let encoded = "QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA=="
        let run = try CommandRunner.sonora(["track", "decode"], input: "\(encoded)\r\n\n  \r\n\(encoded)")
        #expect(run.status == 0, "\(run)")
        #expect(run.output.split(separator: "\n").count == 2, "\(run)")
        #expect(run.output.contains(#""identifier":"dQw4w9WgXcQ""#), "\(run)")
    }

    /// A reports folder that cannot be one is refused before any benchmark runs (the full suite takes
    /// minutes), with the system's reason in words rather than a Foundation error dump.
    @Test func aReportsFolderThatCannotBeOneIsRefusedBeforeAnythingRuns() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url("a-file")
        try Data("x".utf8).write(to: file)
        let tiny = ["--filter", "^queue\\.next\\.100$", "--quick"]
        let cases: [([String], String)] = [
            (["bench", "run", "--reports-directory", file.path] + tiny, "error: cannot save reports in \(file.path): it is not a folder\n"),
            (["bench", "run", "--reports-directory", "/dev/null/reports"] + tiny, "error: cannot create the reports folder /dev/null/reports: Not a directory\n"),
            (["bench", "ab", "--base", try #require(SonoraCLI.executable).path, "--reports-directory", file.path] + tiny,
             "error: cannot create the reports folder \(file.path)/ab: Not a directory\n"),
        ]
        for (arguments, message) in cases {
            let run = try SonoraCLI.run(arguments)
            #expect(run.status == 2, "\(arguments): \(run)")
            #expect(run.error == message, "\(arguments): \(run)")
            #expect(run.output.isEmpty, "\(arguments): \(run)")
        }
        // --no-save and --list write nothing, so they do not check the folder.
        let list = try SonoraCLI.run(["bench", "run", "--list", "--reports-directory", file.path] + tiny)
        #expect(list.status == 0 && list.output == "queue.next.100\n", "\(list)")
    }

    /// The demo keeps a queue and a playback monitor per guild; 100 million used to take all of
    /// memory before the first second passed.
    @Test func theDemoRefusesMoreGuildsThanItSimulates() throws {
        for guilds in ["0", "10001", "100000000"] {
            let run = try SonoraCLI.run("monitor", "demo", "--guilds", guilds, "--seconds", "1", "--port", "0")
            #expect(run.status == 2, "\(guilds): \(run)")
            #expect(run.error.contains("--guilds must be 1...10000, not \(guilds)"), "\(run)")
        }
    }
}
