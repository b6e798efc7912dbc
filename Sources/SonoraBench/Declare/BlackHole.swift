/// Keeps `value` alive so the optimizer cannot delete the work that produced it.
///
/// The function is opaque on its own: `@_optimize(none)` keeps its body from being specialized
/// or proven empty, even when a benchmark and its caller sit in one module with
/// whole-module or cross-module optimization.
///
/// - Parameter value: Any result of benchmarked work.
@inline(never)
@_optimize(none)
public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
