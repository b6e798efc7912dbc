import Foundation

/// Measures what ``ELFSymbolizer`` costs per unique address, from a cold start.
///
/// `sonora profiler-bench` calls ``run(addresses:)`` with ``sampleAddresses(count:)``; the goal is
/// at most 5 µs per unique address, amortized, including reading symbol tables and DWARF.
public enum SymbolizationBenchmark {
    /// Timings of one run.
    public struct Result: Sendable, Codable, Hashable {
        /// Distinct addresses symbolized.
        public var addressCount: Int
        /// Objects whose tables were read during the run.
        public var objectsLoaded: Int
        /// Addresses that got a function name.
        public var namedCount: Int
        /// Addresses that got a source line.
        public var withLineCount: Int
        /// Seconds to snapshot the loaded objects (`ELFSymbolizer.init`).
        public var snapshotSeconds: Double
        /// Seconds for the first lookup of every address, including reading tables and DWARF.
        public var coldSeconds: Double
        /// Seconds for a second lookup of every address (cache hits).
        public var warmSeconds: Double

        /// Amortized cost of one unique address from a cold start (snapshot included), in nanoseconds.
        public var nanosPerAddress: Double {
            (snapshotSeconds + coldSeconds) * 1e9 / Double(max(addressCount, 1))
        }
        /// Cost of one cached lookup, in nanoseconds.
        public var nanosPerCachedLookup: Double { warmSeconds * 1e9 / Double(max(addressCount, 1)) }
    }

    /// Addresses inside functions of the loaded objects, spread over every object with symbols.
    ///
    /// Takes the midpoint of every `stride`-th function so each object contributes, the way real
    /// stacks spread over the executable, libswiftCore, Foundation and libc.
    /// - Parameter count: About how many addresses to return.
    /// - Returns: Distinct runtime addresses, shuffled deterministically.
    /// - Throws: ``ProfilerError`` when the loaded objects cannot be listed.
    public static func sampleAddresses(count: Int) throws -> [UInt64] {
        let objects = LoadedObject.snapshot().filter(\.hasFile)
        var perObject: [[UInt64]] = []
        for object in objects {
            guard let image = try? ELFImage(path: object.path), let table = try? ELFSymbolTable(image: image) else { continue }
            let addresses = table.entries.map { object.loadBias &+ $0.address &+ $0.size / 2 }
            if !addresses.isEmpty { perObject.append(addresses) }
        }
        guard !perObject.isEmpty else {
            throw ProfilerError(.systemCall, "no loaded object has a readable symbol table")
        }
        let available = perObject.reduce(0) { $0 + $1.count }
        let stride = max(available / max(count, 1), 1)
        var result = Set<UInt64>()
        for addresses in perObject {
            for index in Swift.stride(from: 0, to: addresses.count, by: stride) { result.insert(addresses[index]) }
        }
        var generator = SplitMix64(seed: 0x5EED)
        return Array(result).sorted().shuffled(using: &generator).prefix(count).map { $0 }
    }

    /// Symbolizes `addresses` with a fresh ``ELFSymbolizer``, twice, and times it.
    /// - Parameters:
    ///   - addresses: Distinct runtime addresses of this process.
    ///   - options: The symbolizer's options. The default does not reuse tables read by earlier
    ///     symbolizers, so the run measures a truly cold start.
    /// - Returns: The timings.
    /// - Throws: ``ProfilerError`` when the symbolizer cannot be created.
    public static func run(
        addresses: [UInt64], options: ELFSymbolizer.Options = .init(reuseTablesAcrossSymbolizers: false)
    ) throws -> Result {
        let clock = ContinuousClock()
        var symbolizer: ELFSymbolizer? = nil
        let snapshot = try clock.measure { symbolizer = try ELFSymbolizer(options: options) }
        var active = symbolizer!
        let cold = clock.measure { for address in addresses { _ = active.symbolize(address) } }
        let statistics = active.statistics
        let warm = clock.measure { for address in addresses { _ = active.symbolize(address) } }
        return Result(
            addressCount: addresses.count, objectsLoaded: statistics.objectsLoaded, namedCount: statistics.named,
            withLineCount: statistics.withLine, snapshotSeconds: snapshot.seconds, coldSeconds: cold.seconds,
            warmSeconds: warm.seconds)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// A small seeded generator so the benchmark's address order is the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
