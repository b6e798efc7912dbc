import ArgumentParser
import Foundation
import SonoraMusic

/// `sonora track`: decode and encode Lavalink track strings.
struct TrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Decode and encode Lavalink track strings.",
        subcommands: [TrackDecodeCommand.self, TrackEncodeCommand.self, TrackBenchDecodeCommand.self]
    )
}

/// Reads arguments, or non-empty stdin lines when there are none.
func trackInputs(_ arguments: [String]) -> [String] {
    if !arguments.isEmpty { return arguments }
    var lines: [String] = []
    while let line = readLine() {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty { lines.append(trimmed) }
    }
    return lines
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

struct TrackDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print one JSON object per encoded track (arguments, or lines on stdin).",
        discussion: "Invalid tracks are reported on stderr after the valid ones are printed; the exit code is then 2."
    )

    @Argument(help: "Encoded track strings. Reads stdin lines when none are given.")
    var encoded: [String] = []

    func run() throws {
        var failures: [String] = []
        for (index, input) in trackInputs(encoded).enumerated() {
            do {
                print(TrackJSON.render(try TrackCodec.decode(input)))
            } catch {
                failures.append("track \(index + 1) (\(input.prefix(24))\(input.count > 24 ? "…" : "")): \(error)")
            }
        }
        for failure in failures { printError("error: \(failure)") }
        if !failures.isEmpty { throw ExitCode(2) }
    }
}

struct TrackEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the encoded string of each track JSON object (arguments, or lines on stdin).",
        discussion: "Takes the objects `sonora track decode` prints; exit code 2 if any is invalid."
    )

    @Argument(help: "Track JSON objects. Reads stdin lines when none are given.")
    var json: [String] = []

    func run() throws {
        var failures: [String] = []
        for (index, input) in trackInputs(json).enumerated() {
            do {
                print(try TrackCodec.encode(try TrackJSON.parse(Data(input.utf8))))
            } catch {
                failures.append("track \(index + 1): \(error)")
            }
        }
        for failure in failures { printError("error: \(failure)") }
        if !failures.isEmpty { throw ExitCode(2) }
    }
}
