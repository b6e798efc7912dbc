import Foundation
import SonoraCore

/// Addresses for the symbolization benchmarks (`SymbolizationSuite` in Benchmarks/Suites): a
/// fixture generator, not a timing loop; the runner times. SPI, so it is not part of the
/// profiler's public API: `@_spi(Benchmarks) import SonoraProfiler`.
@_spi(Benchmarks)
public enum SymbolizationSample {
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
    public static func addresses(count: Int, addressesPerFunction: Int = 1) throws -> [UInt64] {
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
}
