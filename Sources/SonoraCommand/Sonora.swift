import ArgumentParser
import Foundation
import SonoraBench

@main
struct Sonora: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sonora",
        abstract: "Profile Swift servers, benchmark Lavalink track loading and queues, and gate releases on regressions.",
        version: RunEnvironment.toolVersion,
        subcommands: [ProfileCommand.self, TrackCommand.self, BenchCommand.self,
                      MonitorCommand.self, TopCommand.self, RecordCommand.self]
    )

    /// Runs the command, mapping usage errors to exit code 2 (ArgumentParser's default is 64), so
    /// CI can tell a bad invocation from a regression.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
