/// SplitMix64: a small, fast, seeded random number generator, for reproducible shuffles,
/// bootstrap intervals, benchmark inputs and test trials.
///
/// Not for cryptography. The same seed always gives the same sequence, on every platform. Its
/// `next()` is inlinable, so a generic algorithm specialized for it (such as `TrackQueue`'s
/// shuffle) runs without a call per draw.
@frozen
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    /// Creates a generator.
    /// - Parameter seed: The seed; any value is fine, and equal seeds give equal sequences.
    @inlinable
    public init(seed: UInt64) { state = seed }

    /// Returns the next 64 random bits.
    /// - Complexity: O(1).
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
