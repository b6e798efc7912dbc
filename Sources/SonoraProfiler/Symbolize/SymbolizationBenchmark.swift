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
        /// CPU seconds of this thread for the snapshot and the first lookups: the cost without
        /// the time spent waiting for a CPU on a busy machine.
        public var coldCPUSeconds: Double

        /// Amortized cost of one unique address from a cold start (snapshot included), in nanoseconds.
        public var nanosPerAddress: Double {
            (snapshotSeconds + coldSeconds) * 1e9 / Double(max(addressCount, 1))
        }
        /// Amortized CPU cost of one unique address from a cold start, in nanoseconds.
        public var cpuNanosPerAddress: Double { coldCPUSeconds * 1e9 / Double(max(addressCount, 1)) }
        /// Cost of one cached lookup, in nanoseconds.
        public var nanosPerCachedLookup: Double { warmSeconds * 1e9 / Double(max(addressCount, 1)) }
    }

    /// Addresses inside functions of the loaded objects, spread over every object with symbols.
    ///
    /// Takes addresses inside every `stride`-th function so each object contributes, the way real
    /// stacks spread over the executable, libswiftCore, Foundation and libc.
    /// - Parameters:
    ///   - count: About how many addresses to return.
    ///   - addressesPerFunction: Distinct addresses taken in each chosen function. 1 is the worst
    ///     case (every address needs its own demangling); real profiles hit a hot function at
    ///     several return addresses.
    /// - Returns: Distinct runtime addresses, shuffled deterministically.
    /// - Throws: ``ProfilerError`` when the loaded objects cannot be listed.
    public static func sampleAddresses(count: Int, addressesPerFunction: Int = 1) throws -> [UInt64] {
        let perFunction = max(addressesPerFunction, 1)
        let objects = LoadedObject.snapshot().filter(\.hasFile)
        var perObject: [[(start: UInt64, size: UInt64)]] = []
        for object in objects {
            guard let image = try? ELFImage(path: object.path), let table = try? ELFSymbolTable(image: image) else { continue }
            let functions = table.entries.filter { $0.size >= UInt64(perFunction) }.map { (object.loadBias &+ $0.address, $0.size) }
            if !functions.isEmpty { perObject.append(functions) }
        }
        guard !perObject.isEmpty else {
            throw ProfilerError(.systemCall, "no loaded object has a readable symbol table")
        }
        let wanted = max(count / perFunction, 1)
        let available = perObject.reduce(0) { $0 + $1.count }
        let stride = max(available / wanted, 1)
        var result = Set<UInt64>()
        for functions in perObject {
            for index in Swift.stride(from: 0, to: functions.count, by: stride) {
                let (start, size) = functions[index]
                for slot in 0..<perFunction {
                    result.insert(start + size * UInt64(slot * 2 + 1) / UInt64(perFunction * 2))
                }
            }
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
        let cpuStart = threadCPUSeconds()
        let snapshot = try clock.measure { symbolizer = try ELFSymbolizer(options: options) }
        var active = symbolizer!
        let cold = clock.measure { for address in addresses { _ = active.symbolize(address) } }
        let cpu = threadCPUSeconds() - cpuStart
        let statistics = active.statistics
        let warm = clock.measure { for address in addresses { _ = active.symbolize(address) } }
        return Result(
            addressCount: addresses.count, objectsLoaded: statistics.objectsLoaded, namedCount: statistics.named,
            withLineCount: statistics.withLine, snapshotSeconds: snapshot.seconds, coldSeconds: cold.seconds,
            warmSeconds: warm.seconds, coldCPUSeconds: cpu)
    }

    /// CPU time of the calling thread (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`), in seconds.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
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
