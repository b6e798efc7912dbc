import ArgumentParser

@main
struct Sonora: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sonora",
        abstract: "Profile Swift servers, benchmark Lavalink track loading and queues, and gate releases on regressions.",
        subcommands: [ProfileCommand.self, TrackCommand.self, BenchCommand.self, ProfilerBenchCommand.self]
    )
}
