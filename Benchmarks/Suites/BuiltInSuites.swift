import SonoraBench

/// Every built-in benchmark: track loading, queue, monitor, alerts, then the profiler's own.
public enum BuiltInSuites {
    /// All benchmarks, in run order.
    public static var all: [Benchmark] {
        TrackLoadingSuite.benchmarks + QueueSuite.benchmarks
            + MonitorSuite.benchmarks
            + OperationsSuite.benchmarks
            + ProfilerSuite.benchmarks
            + SymbolizationSuite.benchmarks
            + ExportSuite.benchmarks
    }
}
