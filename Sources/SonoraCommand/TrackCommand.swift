import ArgumentParser
import Foundation
import SonoraMusic
import SonoraSystem

/// `sonora track`: decode and encode Lavalink track strings.
struct TrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Decode and encode Lavalink track strings.",
        subcommands: [TrackDecodeCommand.self, TrackEncodeCommand.self]
    )
}

/// Reads arguments, or non-empty stdin lines when there are none or the only one is `-`.
/// - Throws: `ExitCode(2)`, after an error naming the line, when a stdin line is longer than
///   ``maxTrackLineBytes`` (`/dev/zero` has no line ends) or stdin cannot be read.
func trackInputs(_ arguments: [String]) throws -> [String] {
    if !arguments.isEmpty && arguments != ["-"] { return arguments }
    do {
        return try standardInputLines(maxLineBytes: maxTrackLineBytes)
    } catch let refusal as TrackInputRefusal {
        printError("error: \(refusal.reason)")
        throw ExitCode(2)
    }
}

/// The longest stdin line `sonora track` takes: 4 MiB. The largest track a codec can carry (four
/// 64 KiB texts) is about 350 KB encoded and 1.6 MB as JSON with every character escaped.
let maxTrackLineBytes = 4 << 20

/// Non-empty lines of standard input, trimmed of spaces and tabs, without their `\n` or `\r\n`.
/// - Parameter maxLineBytes: The longest line accepted.
/// - Throws: ``TrackInputRefusal`` naming the line when it is longer, or when stdin cannot be read.
/// - Complexity: O(*n*) in the bytes read.
func standardInputLines(maxLineBytes: Int) throws -> [String] {
    var lines: [String] = []
    var current: [UInt8] = []
    var lineNumber = 1
    func finishLine() {
        if current.last == 13 { current.removeLast() }
        let text = String(decoding: current, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if !text.isEmpty { lines.append(text) }
        current.removeAll(keepingCapacity: true)
        lineNumber += 1
    }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count: Int
        do {
            count = try Syscall.retryingOnInterrupt("read", "standard input") {
                chunk.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
            }
        } catch let error as SystemError {
            throw TrackInputRefusal(reason: "cannot read standard input: \(error.errno.map { String(cString: strerror($0.rawValue)) } ?? error.message)")
        }
        if count == 0 { break }
        var rest = chunk[..<count]
        while !rest.isEmpty {
            let end = rest.firstIndex(of: 10)
            current.append(contentsOf: rest[..<(end ?? rest.endIndex)])
            if current.count > maxLineBytes {
                throw TrackInputRefusal(
                    reason: "standard input line \(lineNumber) is longer than \(maxLineBytes >> 20) MiB without a line end; "
                        + "give one track per line")
            }
            guard let end else { break }
            finishLine()
            rest = rest[(end + 1)...]
        }
    }
    if !current.isEmpty { finishLine() }
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

    @Argument(help: "Encoded track strings. Reads stdin lines when none are given, or '-'.")
    var encoded: [String] = []

    func run() throws {
        try printEachTrack(try trackInputs(encoded), naming: { "track \($0 + 1) (\($1.prefix(24))\($1.count > 24 ? "…" : ""))" }) {
            TrackJSON.render(try TrackCodec.decode($0))
        }
    }
}

struct TrackEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the encoded string of each track JSON object (arguments, or lines on stdin).",
        discussion: """
            Takes the objects `sonora track decode` prints; exit code 2 if any is invalid. \
            A track whose "version" cannot carry one of its fields (uri needs version 2, \
            artworkUrl and isrc need version 3) is refused rather than encoded without it.
            """
    )

    @Argument(help: "Track JSON objects. Reads stdin lines when none are given, or '-'.")
    var json: [String] = []

    func run() throws {
        try printEachTrack(try trackInputs(json), naming: { index, _ in "track \(index + 1)" }) { input in
            let track = try TrackJSON.parse(Data(input.utf8))
            // An unsupported version is the codec's to report; a supported one must hold every field.
            let lost = (1 ... TrackCodec.latestVersion).contains(track.version) ? track.fieldsBeyondVersion : []
            guard lost.isEmpty else {
                let fields = lost.map { "\($0.field) (needs version \($0.version))" }.joined(separator: ", ")
                throw TrackInputRefusal(reason: "version \(track.version) cannot carry \(fields); set \"version\" to \(lost.map(\.version).max()!) or remove the field")
            }
            return try TrackCodec.encode(track)
        }
    }
}

/// Prints what `convert` makes of each input, in order. A failed input is reported on stderr as
/// `error: <name>: <reason>` once every input is done, and the exit code is then 2.
/// - Parameters:
///   - inputs: The track strings or JSON objects.
///   - name: How an error names the input, from its index and text.
///   - convert: The line to print for one input.
/// - Throws: `ExitCode(2)` when any input failed.
func printEachTrack(_ inputs: [String], naming name: (Int, String) -> String, _ convert: (String) throws -> String) throws {
    var failures: [String] = []
    for (index, input) in inputs.enumerated() {
        do {
            print(try convert(input))
        } catch {
            failures.append("\(name(index, input)): \(TrackErrorText.describe(error))")
        }
    }
    for failure in failures { printError("error: \(failure)") }
    if !failures.isEmpty { throw ExitCode(2) }
}

/// An input `sonora track` refuses for a reason of its own, given as the whole error text.
struct TrackInputRefusal: Error {
    var reason: String
}

/// Plain error text for `sonora track`: the problem and where, without Swift type names or error dumps.
enum TrackErrorText {
    static func describe(_ error: any Error) -> String {
        if let refusal = error as? TrackInputRefusal { return refusal.reason }
        guard let error = error as? MusicError else { return "\(error)" }
        if error.code == .invalidJSON {
            guard let decoding = error.cause as? DecodingError else { return "not valid JSON" }
            if case .dataCorrupted(let context) = decoding, context.codingPath.isEmpty { return "not valid JSON" }
            return "not a track object: " + describe(decoding)
        }
        return "\(error.code): \(error.message)" + (error.offset.map { " (at offset \($0))" } ?? "")
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "\"" + keys.joined(separator: ".") + "\""
        }
        switch error {
        case .keyNotFound(let key, _): return "the field \"\(key.stringValue)\" is missing"
        case .typeMismatch(let type, let context): return "\(path(context)) should be \(kind(type))"
        case .valueNotFound(let type, let context): return "\(path(context)) is null but should be \(kind(type))"
        case .dataCorrupted(let context): return "\(path(context)) is out of range or malformed"
        @unknown default: return "not a track object"
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int64.Type, is UInt8.Type, is Int.Type: return "a whole number"
        default: return "an object"
        }
    }
}
