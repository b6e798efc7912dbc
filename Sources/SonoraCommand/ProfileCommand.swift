import ArgumentParser
import Foundation
import SonoraProfiler

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

        \(ProfileExitCode.documentation)
        """,
        subcommands: [
            ProfileShowCommand.self, ProfileConvertCommand.self, ProfileDiffCommand.self,
            ProfileBenchmarkExportCommand.self, ProfileDemoCommand.self,
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
      2   an input file is missing, unreadable, corrupt or too new,
          or an option value is wrong (regular expression, thread id)
      3   the output file could not be written
      64  the command line could not be parsed
    """
}

/// Shared plumbing for the profile subcommands: loading inputs and reporting errors.
enum ProfileCommandSupport {
    /// Loads a native profile, or prints why not and throws exit code 2.
    static func load(_ path: String) throws -> Profile {
        do {
            return try Profile(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ProfilerError {
            throw fail("error: \(error.message)", ProfileExitCode.badInput)
        }
    }

    /// Runs `write`, turning a failure into a message naming `path` and exit code 3.
    static func writing(_ path: String, _ write: () throws -> Void) throws {
        do {
            try write()
        } catch let error as ProfilerError {
            throw fail("error: \(error.message)", ProfileExitCode.cannotWrite)
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
        let key = TableSortKey(rawValue: argument)
        guard Self.choices.contains(key) else { return nil }
        self = key
    }

    static let choices: [TableSortKey] = [.cumulative, .selfTime, .samples, .name, .file]
    public static var allValueStrings: [String] { choices.map(\.rawValue) }
}

extension ProfileFormat: ExpressibleByArgument {
    public init?(argument: String) {
        let format = ProfileFormat(rawValue: argument)
        guard ProfileFormat.all.contains(format) else { return nil }
        self = format
    }

    public static var allValueStrings: [String] { ProfileFormat.all.map(\.rawValue) }
}
