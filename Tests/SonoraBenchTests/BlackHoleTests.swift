import Foundation
import SonoraTestSupport
import Testing

/// `blackHole` on an optimized build, by instruction counts (callgrind; repeatable where time is not).
///
/// The test builds `Sources/SonoraBench/Declare/BlackHole.swift` as its own module `SonoraBench` with
/// `swiftc -O` (with the C sink from `CSonoraBenchCounters`), and a small program in a second module that
/// calls it the way a benchmark suite does, across the module boundary. Each case runs under callgrind
/// for `n` and `2n` operations; the difference divided by `n` is the instructions per operation, with
/// start-up cancelled. Controls in the same program show that each check can fail: a loop whose result is
/// dropped is deleted (its count does not scale), and the previous `blackHole` (an unspecialized generic
/// that copies its argument) costs several times the per-call budget.
@Suite struct BlackHoleTests {
    /// Operations per run; the second run does twice as many.
    static let operations = 200_000

    /// Whether callgrind is there: the test runs when it is, and always in CI (`.ci/setup` installs it).
    static let valgrind: URL? = ["/usr/bin/valgrind", "/usr/local/bin/valgrind"].map(URL.init(fileURLWithPath:))
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    static var enabled: Bool { valgrind != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    @Test(.enabled(if: enabled, "needs valgrind (callgrind)"))
    func workWhoseResultOnlyFlowsIntoBlackHoleIsKeptAndACallAddsNoCopy() throws {
        try withTemporaryDirectory { directory in
            let harness = try Self.build(in: directory)
            // 5 xorshift steps per operation (a shift and a xor each; 16 instructions with Swift 6.3): kept, the loop
            // scales with n.
            let kept = try Self.instructionsPerOperation(harness, "kept")
            #expect(kept >= 8, "the work feeding blackHole was deleted or shortened: \(kept) instructions per step")
            // The same loop with its result dropped is deleted: the check above can fail.
            let dropped = try Self.instructionsPerOperation(harness, "dropped")
            #expect(dropped < 1, "the control loop was not deleted (\(dropped) per step), so `kept` proves nothing")

            // A call on a struct holding one class reference, as a `Track?`: a store, the call and the loop.
            let call = try Self.instructionsPerOperation(harness, "call")
            #expect(call <= 12, "blackHole costs \(call) instructions per call: more than a store and a call")
            // A retain and release of the same reference, done on purpose: what one copy would add.
            let copied = try Self.instructionsPerOperation(harness, "copy")
            #expect(copied - call >= 10, "a copy adds only \(copied - call) instructions, so `call` cannot show one")
            // The previous blackHole: an unspecialized generic whose body copies through value witnesses.
            let generic = try Self.instructionsPerOperation(harness, "generic")
            #expect(generic > 2 * call, "the old generic sink costs \(generic), not more than blackHole's \(call)")
        }
    }

    /// Builds the two modules and the C sink into `directory/harness`.
    static func build(in directory: URL) throws -> URL {
        let repository = FixtureFolder.repository
        let counters = repository.appendingPathComponent("Sources/CSonoraBenchCounters")
        let header = counters.appendingPathComponent("include/CSonoraBenchCounters.h")
        try "module CSonoraBenchCounters {\n  header \"\(header.path)\"\n  export *\n}\n"
            .write(to: directory.appendingPathComponent("module.modulemap"), atomically: true, encoding: .utf8)
        try harnessSource.write(to: directory.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        let path = directory.path
        try run("clang", ["-O2", "-c", counters.appendingPathComponent("black_hole.c").path,
            "-I", counters.appendingPathComponent("include").path, "-o", "\(path)/sink.o"])
        try run("swiftc", ["-O", "-wmo", "-parse-as-library", "-module-name", "SonoraBench", "-I", path,
            "-emit-module", "-emit-module-path", "\(path)/SonoraBench.swiftmodule", "-c", "-o", "\(path)/blackhole.o",
            repository.appendingPathComponent("Sources/SonoraBench/Declare/BlackHole.swift").path])
        try run("swiftc", ["-O", "-wmo", "-parse-as-library", "-module-name", "Harness", "-I", path, "\(path)/main.swift",
            "\(path)/blackhole.o", "\(path)/sink.o", "-o", "\(path)/harness"])
        return directory.appendingPathComponent("harness")
    }

    /// The instructions per operation of `mode`: callgrind's total for 2n operations minus that for n, over n.
    static func instructionsPerOperation(_ harness: URL, _ mode: String) throws -> Double {
        func total(_ count: Int) throws -> Double {
            let output = try run(valgrind?.path ?? "valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null",
                harness.path, mode, String(count)])
            guard let line = output.split(separator: "\n").first(where: { $0.contains("Collected :") }),
                let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { throw HarnessFailure(description: "no instruction total in callgrind's output:\n\(output)") }
            return value
        }
        return (try total(2 * operations) - total(operations)) / Double(operations)
    }

    /// Runs a tool from `PATH`, returning its standard error and output; throws when it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let result = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [tool] + arguments, timeout: 300)
        guard result.status == 0 else {
            throw HarnessFailure(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(result)\n\(result.output)")
        }
        return result.error + result.output
    }

    /// A build or run of the harness that failed, with the tool's output.
    struct HarnessFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The program: `harness MODE N`, each mode a different `@inline(never)` body.
    static let harnessSource = #"""
        import SonoraBench

        final class Box { var value = 1 }
        /// Like `Track`: one reference to a box, and plain fields.
        struct Boxed { var box: Box; var position: Int }

        @inline(never) func kept(_ n: Int, _ seed: UInt64) {
            var x = seed
            for _ in 0..<n {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17
                x ^= x << 5; x ^= x >> 3
            }
            blackHole(x)
        }

        @inline(never) func dropped(_ n: Int, _ seed: UInt64) {
            var x = seed
            for _ in 0..<n {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17
                x ^= x << 5; x ^= x >> 3
            }
            _ = x
        }

        @inline(never) func call(_ n: Int, _ value: Boxed?) {
            for _ in 0..<n { blackHole(value) }
        }

        @inline(never) func copy(_ n: Int, _ value: Boxed?) {
            for _ in 0..<n {
                let box = Unmanaged.passRetained(value!.box)
                blackHole(value)
                box.release()
            }
        }

        @inline(never) @_optimize(none) func oldBlackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

        @inline(never) func generic(_ n: Int, _ value: Boxed?) {
            for _ in 0..<n { oldBlackHole(value) }
        }

        @main enum Main {
            static func main() {
                let arguments = CommandLine.arguments
                let n = Int(arguments[2])!
                let value = Boxed?.some(Boxed(box: Box(), position: arguments.count))
                switch arguments[1] {
                case "kept": kept(n, UInt64(arguments.count) &* 0x9E37_79B9_7F4A_7C15)
                case "dropped": dropped(n, UInt64(arguments.count) &* 0x9E37_79B9_7F4A_7C15)
                case "call": call(n, value)
                case "copy": copy(n, value)
                case "generic": generic(n, value)
                default: fatalError("unknown mode \(arguments[1])")
                }
            }
        }
        """#
}
