@_spi(Benchmarks) import SonoraProfiler
import SonoraBench

/// What symbolization costs: 1,000 distinct addresses spread over every loaded object with
/// symbols (the executable, libswiftCore, Foundation, libc, ...), one per function (the worst case).
///
/// `symbolize.cold.1k` is one fresh symbolizer from a cold start: snapshot of the loaded objects,
/// reading every table and DWARF unit it needs, one lookup per address; divide by 1,000 for the
/// cost per unique address (goal: at most 5 µs). `symbolize.cached.1k` is the same lookups
/// answered from a warm symbolizer's cache.
public enum SymbolizationSuite {
    /// Addresses per operation.
    static let addressCount = 1_000

    /// Every symbolization benchmark.
    public static var benchmarks: [Benchmark] {
        [
            Benchmark(
                "symbolize.cold.1k", tags: ["profiler", "symbolize"], maxBatchSize: 1,
                setUp: { try SymbolizationSample.addresses(count: addressCount) }
            ) { addresses in
                var symbolizer = try ELFSymbolizer(options: .init(reuseTablesAcrossSymbolizers: false))
                for address in addresses { blackHole(symbolizer.symbolize(address)) }
            },
            Benchmark(
                "symbolize.cached.1k", tags: ["profiler", "symbolize"],
                setUp: { () -> (ELFSymbolizer, [UInt64]) in
                    let addresses = try SymbolizationSample.addresses(count: addressCount)
                    var symbolizer = try ELFSymbolizer()
                    for address in addresses { _ = symbolizer.symbolize(address) }
                    return (symbolizer, addresses)
                }
            ) { state in
                for address in state.1 { blackHole(state.0.symbolize(address)) }
            },
        ]
    }
}
