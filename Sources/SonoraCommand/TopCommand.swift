import ArgumentParser
import Foundation
import SonoraDashboard

/// `sonora top`: a live terminal view of any Prometheus endpoint.
struct TopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "Watch any Prometheus /metrics endpoint live: system, counters with rates, gauges, timing quantiles.",
        discussion: """
            Redraws in place on the terminal's alternate screen and restores the terminal on exit and Ctrl-C.
            A failed scrape is shown above the last good data and retried every interval.
            --once scrapes twice, one interval apart (so rates and CPU are known), prints one frame
            without escape codes and exits: 0 on success, 1 when the target cannot be scraped.
            """
    )

    @Option(help: "The endpoint to scrape.")
    var url = "http://127.0.0.1:9464/metrics"

    @Option(help: "Time between scrapes, e.g. 2s, 500ms, 1.5 (100ms to 1h).")
    var interval = "2s"

    @Flag(help: "Print one frame to standard output, without escape codes, and exit.")
    var once = false

    @Option(help: "Columns for --once output (default: the terminal's width, or 100).")
    var width: Int?

    func run() async throws {
        let period: Duration
        let client: ScrapeClient
        do {
            period = try DashboardSession.parseInterval(interval)
            // A scrape longer than the interval is of no use (Prometheus's own rule: scrape_timeout <= scrape_interval).
            client = try ScrapeClient(url: url, timeout: min(max(period, .seconds(1)), .seconds(10)))
        } catch let error as DashboardError {
            throw ValidationError(error.message)
        }
        var session = DashboardSession(client: client)
        if once {
            let status = await printOnce(&session, period: period)
            await client.shutdown()
            if status != 0 { throw ExitCode(status) }
            return
        }
        guard TerminalScreen.isTerminal else {
            // Not a terminal: print plain frames one after another, as --once does, until interrupted.
            while true {
                await session.refresh()
                // Written unbuffered, so a pipe or file sees each frame when it is drawn.
                let frame = render(session, columns: width ?? 100, rows: nil).joined(separator: "\n") + "\n\n"
                FileHandle.standardOutput.write(Data(frame.utf8))
                try await Task.sleep(for: period)
            }
        }
        let screen = TerminalScreen()
        screen.enter()
        defer { screen.leave() }
        while true {
            await session.refresh()
            let size = TerminalScreen.size() ?? (100, 40)
            screen.draw(render(session, columns: size.columns, rows: size.rows))
            try await Task.sleep(for: period)
        }
    }

    private func printOnce(_ session: inout DashboardSession, period: Duration) async -> Int32 {
        guard await session.refresh() else {
            FileHandle.standardError.write(Data("error: \(session.lastError?.message ?? "cannot scrape \(url)")\n".utf8))
            return 1
        }
        try? await Task.sleep(for: period)
        await session.refresh()
        let columns = width ?? TerminalScreen.size()?.columns ?? 100
        print(render(session, columns: columns, rows: nil).joined(separator: "\n"))
        return 0
    }

    private func render(_ session: DashboardSession, columns: Int, rows: Int?) -> [String] {
        FrameRenderer.render(session.frame(), width: columns, height: rows)
    }
}
