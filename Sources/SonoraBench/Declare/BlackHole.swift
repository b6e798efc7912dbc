import CSonoraBenchCounters

/// Keeps `value` alive so the optimizer cannot delete the work that produced it, and adds nothing else.
///
/// The value is borrowed and its address handed to one opaque, non-generic C function
/// (`sonora_black_hole`), which the optimizer must assume reads it. Inlined into the caller (across
/// modules too: it is `@inlinable`), a call costs a store of the value to the stack and one direct call:
/// no copy, no retain or release, no value-witness call, whatever `T` is. A result the caller owns (for
/// example a track a queue returned) is still released by the caller, as it would be without `blackHole`.
///
/// `Tests/SonoraBenchTests/BlackHoleTests.swift` checks both properties on an optimized build, by
/// instruction counts: work whose result only flows into `blackHole` scales with its size, and a call
/// costs a handful of instructions and no reference-count operation.
///
/// - Parameter value: Any result of benchmarked work.
@inlinable
@inline(__always)
public func blackHole<T: ~Copyable>(_ value: borrowing T) {
    withUnsafePointer(to: value) { sonora_black_hole($0) }
}
