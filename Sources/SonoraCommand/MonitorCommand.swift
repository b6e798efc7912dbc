import ArgumentParser

/// `sonora monitor`: the performance monitor's commands.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Record a music bot's counters, gauges and timings and serve them to Prometheus.",
        subcommands: [MonitorDemoCommand.self]
    )
}
