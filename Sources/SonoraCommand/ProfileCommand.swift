import ArgumentParser
import Foundation
import SonoraProfiler
import SonoraSystem

/// `sonora profile`: read, convert and compare saved profiles.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show, convert and compare saved profiles (.sonoraprofile files).",
        discussion: """
        Profiles are saved by PerformanceProfiler (profile.write(to:)) or by `sonora bench run --profile`.

        Examples:
          sonora profile show run.sonoraprofile --sort tottime --limit 15
          sonora profile convert run.sonoraprofile --to pstats   # then: snakeviz run.prof
          sonora profile convert run.sonoraprofile --to svg -o flame.svg
          sonora profile diff before.sonoraprofile after.sonoraprofile --svg diff.svg
          sonora profile demo -o decode.sonoraprofile          # a real profile to try these on

        A FILE argument of '-' reads the profile from standard input.

        \(ProfileExitCode.documentation)
        """,
        subcommands: [
            ProfileShowCommand.self, ProfileConvertCommand.self, ProfileDiffCommand.self,
            ProfileDemoCommand.self,
        ]
    )
}

/// The exit codes of `sonora profile`, as documented in `--help`.
enum ProfileExitCode {
    /// An input file is missing, unreadable, corrupt or of an unsupported version, or an option value is wrong.
    static let badInput = ExitCode(2)
    /// The output file could not be written.
    static let cannotWrite = ExitCode(3)

    static let documentation = """
    Exit codes:
      0   success
      2   an input file is missing, unreadable, corrupt or too new, an option value
          is wrong (regular expression, thread id, output equal to input), or the
          command line could not be parsed
      3   the output file could not be written
    """
}

/// Shared plumbing for the profile subcommands: loading inputs and reporting errors.
enum ProfileCommandSupport {
    /// Loads a native profile, `-` meaning standard input, or prints why not and throws exit code 2.
    static func load(_ path: String) throws -> Profile {
        do {
            if path == standardInput {
                let bytes = try InputFile.readStandardInput(limit: Profile.maxFileBytes, kind: "profile")
                return try Profile(decoding: Data(bytes), name: "standard input")
            }
            return try Profile(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ProfilerError {
            throw fail("error: \(error.message)", ProfileExitCode.badInput)
        } catch let error as SystemError {
            throw fail("error: \(error.message)", ProfileExitCode.badInput)
        }
    }

    /// The file name that stands for standard input or output.
    static let standardInput = "-"

    /// Refuses an output path that names one of the inputs (or the same file through a link),
    /// so a conversion never replaces the profile it reads.
    /// - Throws: Exit code 2 after a message naming both.
    static func refuseOverwriting(_ output: String, option: String, inputs: [String]) throws {
        guard output != standardInput else { return }
        for input in inputs where input != standardInput && sameFile(output, input) {
            throw fail("error: \(option) \(output) is the input profile \(input); write the output to another file", ProfileExitCode.badInput)
        }
    }

    /// Whether two paths name one regular file: the same device and inode, or the same path when
    /// either is missing. A terminal or pipe that is both standard input and output does not count.
    static func sameFile(_ first: String, _ second: String) -> Bool {
        var a = stat(), b = stat()
        if stat(first, &a) == 0, stat(second, &b) == 0 {
            return a.st_mode & S_IFMT == S_IFREG && a.st_dev == b.st_dev && a.st_ino == b.st_ino
        }
        return URL(fileURLWithPath: first).standardizedFileURL.resolvingSymlinksInPath()
            == URL(fileURLWithPath: second).standardizedFileURL.resolvingSymlinksInPath()
    }

    /// Runs `write`, turning a failure into a message naming `path` and exit code 3 (2 when the
    /// profile itself cannot be exported, for example an empty one as pstats).
    static func writing(_ path: String, _ write: () throws -> Void) throws {
        do {
            try write()
        } catch let error as ProfilerError {
            throw fail("error: \(error.message)", error.code == .invalidProfile ? ProfileExitCode.badInput : ProfileExitCode.cannotWrite)
        } catch {
            throw fail("error: cannot write \(path): \(error)", ProfileExitCode.cannotWrite)
        }
    }

    /// Prints `message` to standard error and returns `code` for the caller to throw.
    static func fail(_ message: String, _ code: ExitCode) -> ExitCode {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return code
    }
}

extension TableSortKey: ExpressibleByArgument {
    public init?(argument: String) {
        if let key = Self.pstatsNames[argument] {
            self = key
            return
        }
        let key = TableSortKey(rawValue: argument)
        guard Self.choices.contains(key) else { return nil }
        self = key
    }

    static let choices: [TableSortKey] = [.cumulative, .selfTime, .samples, .name, .file]
    /// pstats' other names for the same orders (`sort_stats('time')` and friends).
    static let pstatsNames: [String: TableSortKey] = [
        "cumtime": .cumulative, "time": .selfTime, "ncalls": .samples, "calls": .samples, "filename": .file,
    ]
    public static var allValueStrings: [String] { choices.map(\.rawValue) + ["cumtime", "time", "ncalls", "calls", "filename"] }
}

extension ProfileFormat: ExpressibleByArgument {
    public init?(argument: String) {
        let format = ProfileFormat(rawValue: argument)
        guard ProfileFormat.all.contains(format) else { return nil }
        self = format
    }

    public static var allValueStrings: [String] { ProfileFormat.all.map(\.rawValue) }
}
