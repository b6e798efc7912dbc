/// The runner's seeded generator is ``SonoraCore/SplitMix64``; this name is kept for benchmarks
/// written against earlier versions.
@available(*, deprecated, renamed: "SplitMix64")
public typealias SeededGenerator = SplitMix64

/// A standard normal variate from ``SonoraCore/SplitMix64`` (Box–Muller), for simulations in
/// tests and examples.
extension SplitMix64 {
    public mutating func nextGaussian() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * _log(u1)).squareRoot() * _cos(2 * .pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#endif
