import ArgumentParser

struct TrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "track", abstract: "Not built yet.")
}
