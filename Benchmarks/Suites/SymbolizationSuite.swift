@_spi(Benchmarks) import SonoraProfiler
import SonoraBench

/// What symbolization costs: distinct addresses spread over every loaded object with symbols
/// (the executable, libswiftCore, Foundation, libc, ... about 25 objects), with DWARF lines on.
///
/// - `symbolize.cold.5k` is the shape: one fresh symbolizer from a cold start (snapshot of
///   the loaded objects, reading every symbol table and DWARF unit it needs, no tables reused from
///   an earlier symbolizer) and one lookup for each of 5,000 addresses, one per function (the worst
///   case: every address needs its own demangling). Divide by 5,000 for the cost per unique
///   address (goal: at most 5 µs).
/// - `symbolize.cold.5k.4-per-function` is the same with 4 addresses in each of 1,250 functions,
///   as real profiles hit a hot function at several return addresses.
/// - `symbolize.cold.1k` is the same as the first with 1,000 addresses, where the fixed cost of
///   reading 25 objects' tables weighs five times as much per address.
/// - `symbolize.cached.1k` is 1,000 lookups answered from a warm symbolizer's cache.
public enum SymbolizationSuite {
    /// Every symbolization benchmark.
    public static var benchmarks: [Benchmark] {
        [
            cold("symbolize.cold.1k", count: 1_000),
            cold("symbolize.cold.5k", count: 5_000),
            cold("symbolize.cold.5k.4-per-function", count: 5_000, addressesPerFunction: 4),
            Benchmark(
                "symbolize.cached.1k", tags: ["profiler", "symbolize"],
                setUp: { () -> (ELFSymbolizer, [UInt64]) in
                    let addresses = try SymbolizationSample.addresses(count: 1_000)
                    var symbolizer = try ELFSymbolizer()
                    for address in addresses { _ = symbolizer.symbolize(address) }
                    return (symbolizer, addresses)
                }
            ) { state in
                for address in state.1 { blackHole(state.0.symbolize(address)) }
            },
        ]
    }

    /// One cold symbolizer, with no tables reused from an earlier one, resolving `count` addresses.
    private static func cold(_ name: String, count: Int, addressesPerFunction: Int = 1) -> Benchmark {
        Benchmark(
            name, tags: ["profiler", "symbolize"], maxBatchSize: 1,
            setUp: { try SymbolizationSample.addresses(count: count, addressesPerFunction: addressesPerFunction) }
        ) { addresses in
            var symbolizer = try ELFSymbolizer(options: .init(reuseTablesAcrossSymbolizers: false))
            for address in addresses { blackHole(symbolizer.symbolize(address)) }
        }
    }
}
