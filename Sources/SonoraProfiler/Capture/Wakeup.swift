#if canImport(Glibc)
import Glibc
#endif
import CSonoraSampler

/// A wake-up for the sampler's threads: a pipe that stays readable once fired, until `reset()`.
///
/// Threads sleep in `ppoll` on it, so `stop()` never waits out a full scan interval, which keeps
/// thousands of start/stop cycles fast.
final class Wakeup: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    /// Creates the pipe.
    /// - Throws: ``ProfilerError`` `.systemCall` when `pipe2` fails.
    init() throws {
        var fds: [Int32] = [0, 0]
        let result = sonora_make_pipe(&fds)
        guard result == 0 else {
            throw ProfilerError(.systemCall, "pipe2 for the sampler's wake-up failed: errno \(result)")
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Wakes every current and future waiter.
    func fire() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe, so the next `wait` sleeps again until the next `fire()`.
    func reset() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &bytes, bytes.count) > 0 {}
    }

    /// Sleeps up to `nanoseconds` or until fired.
    /// - Returns: `true` once fired.
    @discardableResult
    func wait(nanoseconds: Int64) -> Bool {
        sonora_wait_readable(readEnd, nanoseconds)
    }
}
