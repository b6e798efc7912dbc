// The cost of one atomic reference-count operation on this machine: a loop that retains a box, hands it to an opaque
// C sink and releases it, against the same loop without the retain and release. See scripts/refcount-cost.sh.
import Glibc
@_silgen_name("rc_sink") func rc_sink(_ p: UnsafeRawPointer)
final class Box { var v = 0 }
/// Retains a box, hands it to an opaque sink, releases it: 2 atomic operations (`Unmanaged`, so the optimizer keeps them).
@inline(never) func retained(_ n: Int, _ objs: UnsafeMutablePointer<Box>, _ m: Int) {
    var j = 0
    for _ in 0..<n { let o = Unmanaged.passRetained(objs[j]); withUnsafePointer(to: o) { rc_sink($0) }; o.release(); j = j &+ 1 == m ? 0 : j &+ 1 }
}
/// The same loop without the retain and release.
@inline(never) func plain(_ n: Int, _ objs: UnsafeMutablePointer<Box>, _ m: Int) {
    var j = 0
    for _ in 0..<n { let o = Unmanaged.passUnretained(objs[j]); withUnsafePointer(to: o) { rc_sink($0) }; j = j &+ 1 == m ? 0 : j &+ 1 }
}
func cpu() -> Double { var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec) }
let m = Int(CommandLine.arguments[1])!
let objs = UnsafeMutablePointer<Box>.allocate(capacity: m)
for i in 0..<m { (objs + i).initialize(to: Box()) }
let n = 20_000_000
var best = (Double.infinity, Double.infinity)
for _ in 0..<7 {
    var t = cpu(); retained(n, objs, m); best.0 = min(best.0, (cpu() - t) / Double(n))
    t = cpu(); plain(n, objs, m); best.1 = min(best.1, (cpu() - t) / Double(n))
}
print("objects \(m): retain+release \(best.0) ns, plain \(best.1) ns, per atomic op \((best.0 - best.1) / 2) ns")
