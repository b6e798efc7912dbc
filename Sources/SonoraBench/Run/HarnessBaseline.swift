import Synchronization

/// The runner's own cost per operation: an empty operation through the same closures and loop a
/// benchmark's operation goes through, measured once per process and scope.
enum HarnessBaseline {
    private static let cache = Mutex<[MeasurementScope: (wall: Double, cpu: Double)]>([:])

    /// Nanoseconds of wall and CPU time per empty operation, the fastest of several large batches.
    ///
    /// - Parameter scope: Synchronous (`thread`) or asynchronous (`process`) benchmarks' loop.
    static func cost(scope: MeasurementScope) async -> (wall: Double, cpu: Double) {
        if let known = cache.withLock({ $0[scope] }) { return known }
        let empty =
            scope == .thread
            ? Benchmark("sonora.harness.empty", setUp: { 0 }, operation: { _ in })
            : Benchmark("sonora.harness.empty.async", setUp: { 0 }, asyncOperation: { _ in })
        guard let instance = try? await empty.makeInstance() else { return (0, 0) }
        let clock = SystemClock.overhead(scope: scope)
        let count = scope == .thread ? 100_000 : 20_000
        var best = (wall: Double.infinity, cpu: Double.infinity)
        for _ in 0..<7 {
            let cpuStart = SystemClock.cpuNanos(scope: scope)
            let wallStart = SystemClock.wallNanos()
            switch instance.run {
            case .sync(let body): try? body(count)
            case .async(let body): try? await body(count)
            }
            let wall = Double(SystemClock.wallNanos() - wallStart)
            let cpu = Double(SystemClock.cpuNanos(scope: scope) &- cpuStart)
            best.wall = min(best.wall, max(wall - clock.wall, 0) / Double(count))
            best.cpu = min(best.cpu, max(cpu - clock.cpu, 0) / Double(count))
        }
        await instance.tearDown()
        cache.withLock { $0[scope] = best }
        return best
    }
}
