/// Per-function and per-edge totals computed from a profile's samples.
///
/// Tables and diffs read it; it and the pstats export are both views of one ``FunctionTotals``,
/// the one place that turns stacks into pstats-style numbers.
public struct ProfileAggregate: Sendable {
    public var functions: [FunctionKey: FunctionStats]
    public var edges: [CallEdge]
    /// Total weighted samples considered.
    public var totalSamples: Int

    /// Aggregates `profile`, optionally only the samples for which `include` returns `true`.
    ///
    /// - Parameters:
    ///   - profile: The profile to aggregate.
    ///   - include: A filter over samples, for example one thread.
    /// - Complexity: O(total frames over all samples).
    public init(_ profile: Profile, including include: (Sample) -> Bool = { _ in true }) {
        self.init(FunctionTotals(profile, including: include), frames: profile.frames, period: profile.period)
    }

    /// The public view of `totals`: functions that an included sample reaches, and every edge.
    init(_ totals: FunctionTotals, frames: [Frame], period: Double) {
        var stats: [FunctionKey: FunctionStats] = [:]
        for (id, key) in totals.functions.enumerated() {
            guard let frameIndex = totals.firstFrame[id] else { continue }
            let frame = frames[frameIndex]
            stats[key] = FunctionStats(
                name: frame.function, mangledName: frame.mangledName, module: frame.module, file: key.file,
                line: totals.firstLine[id], selfSamples: totals.selfSamples[id], totalSamples: totals.totalSamples[id],
                selfTime: Double(totals.selfSamples[id]) * period, cumulativeTime: Double(totals.totalSamples[id]) * period)
        }
        self.functions = stats
        self.edges = totals.edges.map {
            CallEdge(
                caller: totals.functions[$0.caller], callee: totals.functions[$0.callee],
                selfSamples: $0.selfSamples, totalSamples: $0.totalSamples)
        }
        self.totalSamples = totals.weightedSamples
    }
}

extension Profile {
    /// Every function that appears in a sample, sorted by cumulative time, then name.
    public var functions: [FunctionStats] {
        ProfileAggregate(self).functions.values.sorted {
            ($0.totalSamples, $1.name) > ($1.totalSamples, $0.name)
        }
    }
}

extension ProfileAggregate {
    /// One aggregate per thread: the per-thread breakdown of self and cumulative time.
    ///
    /// - Parameter profile: The profile to aggregate.
    /// - Returns: For each thread id that has samples, the aggregate of that thread's samples alone.
    /// - Complexity: O(threads × samples + total frames).
    public static func byThread(_ profile: Profile) -> [Int32: ProfileAggregate] {
        var result: [Int32: ProfileAggregate] = [:]
        for id in Set(profile.samples.map(\.threadID)) {
            result[id] = ProfileAggregate(profile, including: { $0.threadID == id })
        }
        return result
    }

    /// Weighted samples per thread id.
    /// - Complexity: O(samples).
    public static func weightedSamplesByThread(_ profile: Profile) -> [Int32: Int] {
        var result: [Int32: Int] = [:]
        for sample in profile.samples { result[sample.threadID, default: 0].addSaturating(sample.weight) }
        return result
    }
}
