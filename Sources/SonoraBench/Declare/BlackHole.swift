/// Keeps `value` alive so the optimizer cannot delete the work that produced it.
///
/// - Parameter value: Any result of benchmarked work.
@inline(never)
public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
