#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// The terminal side of `sonora top`: the alternate screen, redraws in place, the window size, and
/// restoring the terminal on exit or Ctrl-C. The one impure file of the dashboard.
public final class TerminalScreen: Sendable {
    /// Whether the alternate screen is on, and the signal sources that restore it.
    private let state = Mutex<(active: Bool, signalSources: [any DispatchSourceSignal])>((false, []))

    public init() {}

    /// Whether standard output is a terminal.
    public static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The terminal's columns and rows, or `nil` when standard output is not a terminal.
    public static func size() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// Switches to the alternate screen, hides the cursor, and restores both on SIGINT/SIGTERM
    /// (then exits with status 0).
    public func enter() {
        state.withLock { $0.active = true }
        write("\u{1B}[?1049h\u{1B}[?25l")
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                leave()
                exit(0)
            }
            source.resume()
            state.withLock { $0.signalSources.append(source) }
        }
    }

    /// Draws `lines` from the top-left corner, clearing what the previous frame left.
    public func draw(_ lines: [String]) {
        write("\u{1B}[H" + lines.joined(separator: "\u{1B}[K\r\n") + "\u{1B}[K\u{1B}[J")
    }

    /// Leaves the alternate screen and shows the cursor again; safe to call more than once.
    public func leave() {
        let wasActive = state.withLock { state in
            defer { state.active = false }
            return state.active
        }
        if wasActive { write("\u{1B}[?25h\u{1B}[?1049l") }
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
