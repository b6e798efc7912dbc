/// A known slowdown added to one named benchmark, to prove that `compare` catches regressions and
/// that the profile diff names the cause. Set through `SONORA_BENCH_INJECT=NAME:PERCENT`, for
/// example `SONORA_BENCH_INJECT=queue.shuffle.10k:10%`. `NAME:trap` makes that benchmark trap
/// instead, to prove a crash is isolated in its process. Test-only: never set it for real runs.
public struct SlowdownInjection: Sendable, Hashable {
    /// The environment variable the runner reads.
    public static let environmentVariable = "SONORA_BENCH_INJECT"

    /// The benchmark slowed down.
    public var benchmarkName: String
    /// Added busy work as a fraction of the operation's own wall time, for example 0.1.
    public var fraction: Double
    /// Whether the benchmark traps (a Swift runtime failure) instead of slowing down.
    public var traps: Bool

    public init(benchmarkName: String, fraction: Double, traps: Bool = false) {
        self.benchmarkName = benchmarkName
        self.fraction = fraction
        self.traps = traps
    }

    /// Parses `NAME:PERCENT` (the `%` is optional).
    ///
    /// - Parameter text: The variable's value.
    /// - Throws: ``BenchError`` `.invalidInjection` naming the value when it is malformed.
    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":") else {
            throw BenchError(.invalidInjection, "\(Self.environmentVariable)='\(text)' is not NAME:PERCENT, for example queue.shuffle.10k:10%")
        }
        let name = String(text[..<colon])
        if text[text.index(after: colon)...] == "trap", !name.isEmpty {
            self.init(benchmarkName: name, fraction: 0, traps: true)
            return
        }
        var percent = text[text.index(after: colon)...]
        if percent.hasSuffix("%") { percent = percent.dropLast() }
        guard !name.isEmpty, let value = Double(percent), value > 0, value <= 1_000 else {
            throw BenchError(.invalidInjection, "\(Self.environmentVariable)='\(text)' needs a benchmark name and a percentage in (0, 1000]")
        }
        self.init(benchmarkName: name, fraction: value / 100)
    }

    /// Reads the injection from an environment, if set.
    /// - Throws: ``BenchError`` `.invalidInjection` when the value is malformed.
    public static func from(environment: [String: String]) throws -> SlowdownInjection? {
        guard let text = environment[environmentVariable], !text.isEmpty else { return nil }
        return try SlowdownInjection(parsing: text)
    }

    /// Burns CPU for `fraction` of `nanoseconds` of CPU time, inside ``sonoraInjectedSlowdown(_:seed:)``.
    ///
    /// The work is proportional to the operation's CPU time, not its wall time, so a loaded
    /// machine that stretches wall time does not inflate the injected slowdown.
    func spin(afterOperationUsed nanoseconds: UInt64) {
        let iterations = Double(nanoseconds) * fraction / InjectionCalibration.nanosPerIteration
        blackHole(sonoraInjectedSlowdown(Int(iterations.rounded()), seed: nanoseconds))
    }
}

/// The busy work of an injected slowdown: a dedicated function so profiles can name it.
///
/// - Parameters:
///   - iterations: Rounds of a xorshift generator.
///   - seed: Mixed into the state, so calls with equal counts cannot be merged by the optimizer.
/// - Returns: The generator's final state, so the loop cannot be removed.
///
/// A `while` loop with masking shifts, whose operators are transparent: in a debug build, a
/// `for ... in 0..<n` loop calls `IndexingIterator.next()` and the smart shift `<<` calls a generic
/// function, so a profile split the injected time over three functions and sometimes ranked the
/// iterator first.
@inline(never)
public func sonoraInjectedSlowdown(_ iterations: Int, seed: UInt64) -> UInt64 {
    var x: UInt64 = 0x2545_F491_4F6C_DD1D | seed
    var round = 0
    while round < iterations {
        x ^= x &<< 13
        x ^= x &>> 7
        x ^= x &<< 17
        round &+= 1
    }
    return x
}

/// How much CPU time one iteration of ``sonoraInjectedSlowdown(_:seed:)`` takes, measured once on the
/// calling thread's CPU clock.
enum InjectionCalibration {
    static let nanosPerIteration: Double = {
        var samples: [Double] = []
        for _ in 0..<7 {
            let start = SystemClock.cpuNanos(scope: .thread)
            blackHole(sonoraInjectedSlowdown(200_000, seed: start))
            samples.append(Double(SystemClock.cpuNanos(scope: .thread) - start) / 200_000)
        }
        return max(Statistics.median(samples), 0.01)
    }()
}
