#if canImport(Glibc)
import Glibc
#endif

/// The clocks a benchmark reads: monotonic wall time and thread or process CPU time.
enum SystemClock {
    /// Nanoseconds on `CLOCK_MONOTONIC` (wraps `clock_gettime`).
    @inline(__always)
    static func wallNanos() -> UInt64 {
        read(CLOCK_MONOTONIC)
    }

    /// Nanoseconds of CPU time used by the calling thread (`CLOCK_THREAD_CPUTIME_ID`) or by the
    /// whole process (`CLOCK_PROCESS_CPUTIME_ID`).
    @inline(__always)
    static func cpuNanos(scope: MeasurementScope) -> UInt64 {
        read(scope == .thread ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID)
    }

    @inline(__always)
    private static func read(_ clock: clockid_t) -> UInt64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// The median cost of one pair of reads of the wall and CPU clocks, subtracted from every batch.
    ///
    /// - Parameter scope: Which CPU clock the batches read.
    /// - Returns: Nanoseconds for (wall, cpu).
    static func overhead(scope: MeasurementScope) -> (wall: Double, cpu: Double) {
        var wall: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<201 {
            let w0 = wallNanos()
            let w1 = wallNanos()
            wall.append(Double(w1 &- w0))
            let c0 = cpuNanos(scope: scope)
            let c1 = cpuNanos(scope: scope)
            cpu.append(Double(c1 &- c0))
        }
        wall.sort()
        cpu.sort()
        return (wall[wall.count / 2], cpu[cpu.count / 2])
    }
}
