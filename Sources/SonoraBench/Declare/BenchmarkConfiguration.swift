/// How long and how often one benchmark is warmed up and sampled.
public struct BenchmarkConfiguration: Sendable, Hashable, Codable {
    /// Seconds of warmup before sampling; warmup also estimates the batch size.
    public var warmupTime: Double
    /// Sampling stops after this many samples...
    public var maxSamples: Int
    /// ...or after this many seconds of sampling, whichever comes first.
    public var maxTime: Double
    /// Sampling continues past `maxTime` until at least this many samples exist.
    public var minSamples: Int
    /// Each sample (one timed batch) lasts at least this long, so short operations are measured
    /// over many iterations and the clock's own cost is small.
    public var minBatchTime: Double
    /// The largest number of operations in one batch, for benchmarks whose state drifts.
    public var maxBatchSize: Int
    /// Seconds the separate profiling pass runs the operation under the sampler.
    public var profileTime: Double
    /// Raw samples kept in a report per metric.
    public var rawSampleCap: Int
    /// Operations per batch of the exact pass (allocations, bytes, instructions), capped by the
    /// benchmark's batch cap: fixed, so both sides of a comparison amortize the same work.
    public var exactOperations: Int
    /// Operations per timed batch, when the caller fixes it instead of the warmup: an A/B run
    /// gives every process of a benchmark, on both sides, the batch size its first process chose,
    /// so a cost that depends on the batch size (a per-batch setup left in cache, a drifting
    /// queue) is the same on both sides. `nil`: the warmup chooses. Capped by the batch cap.
    public var fixedBatchSize: Int?

    /// Creates a configuration.
    public init(
        warmupTime: Double = 0.25, maxSamples: Int = 100, maxTime: Double = 2.0, minSamples: Int = 10,
        minBatchTime: Double = 0.002, maxBatchSize: Int = 1_000_000, profileTime: Double = 1.0,
        rawSampleCap: Int = 200, exactOperations: Int = 16, fixedBatchSize: Int? = nil
    ) {
        self.warmupTime = warmupTime
        self.maxSamples = maxSamples
        self.maxTime = maxTime
        self.minSamples = minSamples
        self.minBatchTime = minBatchTime
        self.maxBatchSize = maxBatchSize
        self.profileTime = profileTime
        self.rawSampleCap = rawSampleCap
        self.exactOperations = exactOperations
        self.fixedBatchSize = fixedBatchSize
    }

    private enum CodingKeys: String, CodingKey {
        case warmupTime, maxSamples, maxTime, minSamples, minBatchTime, maxBatchSize, profileTime, rawSampleCap
        case exactOperations, fixedBatchSize
    }

    /// Decodes a configuration; version 1 reports have no `exactOperations` and get the default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        warmupTime = try container.decode(Double.self, forKey: .warmupTime)
        maxSamples = try container.decode(Int.self, forKey: .maxSamples)
        maxTime = try container.decode(Double.self, forKey: .maxTime)
        minSamples = try container.decode(Int.self, forKey: .minSamples)
        minBatchTime = try container.decode(Double.self, forKey: .minBatchTime)
        maxBatchSize = try container.decode(Int.self, forKey: .maxBatchSize)
        profileTime = try container.decode(Double.self, forKey: .profileTime)
        rawSampleCap = try container.decode(Int.self, forKey: .rawSampleCap)
        exactOperations = try container.decodeIfPresent(Int.self, forKey: .exactOperations) ?? 16
        fixedBatchSize = try container.decodeIfPresent(Int.self, forKey: .fixedBatchSize)
    }

    /// The share of this configuration one of `count` processes runs: the sampling budget split
    /// between them (each keeps at least `minSamples`), warmup and profiling unchanged.
    ///
    /// - Parameter count: Processes per benchmark, at least 1.
    public func perProcess(_ count: Int) -> BenchmarkConfiguration {
        guard count > 1 else { return self }
        var copy = self
        copy.maxTime = maxTime / Double(count)
        copy.maxSamples = max(minSamples, maxSamples / count)
        copy.rawSampleCap = max(minSamples, rawSampleCap / count)
        return copy
    }

    /// The default settings for a full run.
    public static let standard = BenchmarkConfiguration()

    /// Short settings for tests and CI: about a fifth of a second per benchmark.
    public static let quick = BenchmarkConfiguration(
        warmupTime: 0.03, maxSamples: 30, maxTime: 0.15, minSamples: 8, minBatchTime: 0.002,
        profileTime: 0.4)

    /// One process's settings in an interleaved A/B run (`bench ab`): ``quick`` with at least five
    /// samples instead of eight. The A/B test's unit is the process (one median per process and
    /// round), so more rounds buy more than more samples inside one; this keeps ten rounds of the
    /// built-in suites, whose slowest operations take 0.1–0.5 s, inside a CI budget.
    public static let interleaved: BenchmarkConfiguration = {
        var settings = quick
        settings.minSamples = 5
        return settings
    }()

    /// This configuration with every batch `size` operations long (see ``fixedBatchSize``).
    public func fixedBatchSize(_ size: Int?) -> BenchmarkConfiguration {
        var copy = self
        copy.fixedBatchSize = size.map { max(1, $0) }
        return copy
    }

    /// This configuration with a smaller batch cap.
    public func maxBatchSize(_ size: Int) -> BenchmarkConfiguration {
        var copy = self
        copy.maxBatchSize = size
        return copy
    }
}
