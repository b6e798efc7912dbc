import SonoraBench

/// Every built-in benchmark: the track-loading suite, then the queue suite.
public enum BuiltInSuites {
    /// All benchmarks, in run order.
    public static var all: [Benchmark] {
        TrackLoadingSuite.benchmarks + QueueSuite.benchmarks
            + MonitorSuite.benchmarks
            + OperationsSuite.benchmarks
    }
}
