#if canImport(Glibc)
import Glibc
#endif

/// Where the monitor reads time: monotonic seconds for uptime, intervals and ``PerformanceMonitor/measure(_:labels:_:)-(_,_,()->Result)``.
///
/// Tests inject their own with ``init(_:)``.
public struct MonitorClock: Sendable {
    private let read: @Sendable () -> Double

    /// A clock reading `read()` in seconds; only differences between readings matter.
    public init(_ read: @escaping @Sendable () -> Double) {
        self.read = read
    }

    /// Seconds since an arbitrary fixed point.
    public func seconds() -> Double { read() }

    /// `CLOCK_MONOTONIC`.
    public static let system = MonitorClock {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
