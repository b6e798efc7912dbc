import Foundation

/// One `sonora top` session: scrapes a target, keeps the history, and turns it into frames.
///
/// A failed scrape never ends the session: the frame keeps the last good data and shows the error.
public struct DashboardSession {
    public let client: ScrapeClient
    public private(set) var history: ScrapeHistory
    public private(set) var lastError: DashboardError?
    private let clock: @Sendable () -> Double

    /// Creates a session.
    /// - Parameters:
    ///   - client: The target's client.
    ///   - clock: Seconds since the Unix epoch; injectable for tests.
    public init(client: ScrapeClient, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.client = client
        self.history = ScrapeHistory()
        self.clock = clock
    }

    /// Scrapes once, recording the scrape or the error.
    /// - Returns: Whether the scrape succeeded.
    @discardableResult
    public mutating func refresh() async -> Bool {
        do {
            let scrape = try await client.scrape()
            history.append(scrape, at: clock())
            lastError = nil
            return true
        } catch let error as DashboardError {
            lastError = error
        } catch {
            lastError = DashboardError(.unreachable, "cannot scrape \(client.url): \(error)")
        }
        return false
    }

    /// The frame for the current history.
    public func frame() -> Frame {
        FrameBuilder.build(history: history, target: client.url, now: clock(), error: lastError?.message)
    }

    /// Parses an interval such as `2s`, `500ms`, `1.5` (seconds) or `1m`.
    /// - Throws: ``DashboardError`` `.badOption` naming the text, unless it is 100 ms to 1 hour.
    public static func parseInterval(_ text: String) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        var number = Substring(trimmed)
        var scale = 1.0
        for (suffix, factor) in [("ms", 0.001), ("s", 1.0), ("m", 60.0)] where trimmed.hasSuffix(suffix) {
            number = trimmed.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number), value.isFinite else {
            throw DashboardError(.badOption, "--interval \(text) is not a duration: give seconds, for example 2s, 500ms or 1.5")
        }
        let seconds = value * scale
        guard seconds >= 0.1, seconds <= 3600 else {
            throw DashboardError(.badOption, "--interval \(text) is out of range: give 100ms to 1 hour")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
