/// Per-function and per-edge totals computed from a profile's samples.
///
/// This is the one place that turns stacks into pstats-style numbers; tables, pstats export and
/// diffs all read it.
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
        let keys = FunctionKey.keys(for: profile.frames)
        let period = profile.period
        var stats: [FunctionKey: FunctionStats] = [:]
        var edgeTotals: [EdgeID: (selfSamples: Int, totalSamples: Int)] = [:]
        var seenFunctions = Set<FunctionKey>()
        var seenEdges = Set<EdgeID>()
        var total = 0

        for sample in profile.samples where include(sample) {
            total.addSaturating(sample.weight)
            seenFunctions.removeAll(keepingCapacity: true)
            seenEdges.removeAll(keepingCapacity: true)
            for (depth, frameIndex) in sample.stack.enumerated() {
                let key = keys[frameIndex]
                if stats[key] == nil {
                    let frame = profile.frames[frameIndex]
                    stats[key] = FunctionStats(
                        name: frame.function, mangledName: frame.mangledName, module: frame.module,
                        file: key.file, line: frame.line,
                        selfSamples: 0, totalSamples: 0, selfTime: 0, cumulativeTime: 0)
                } else if let line = profile.frames[frameIndex].line {
                    stats[key]!.line = min(stats[key]!.line ?? line, line)
                }
                if depth == 0 { stats[key]!.selfSamples.addSaturating(sample.weight) }
                if seenFunctions.insert(key).inserted { stats[key]!.totalSamples.addSaturating(sample.weight) }

                guard depth + 1 < sample.stack.count else { continue }
                let edge = EdgeID(caller: keys[sample.stack[depth + 1]], callee: key)
                if depth == 0 { edgeTotals[edge, default: (0, 0)].selfSamples.addSaturating(sample.weight) }
                if seenEdges.insert(edge).inserted { edgeTotals[edge, default: (0, 0)].totalSamples.addSaturating(sample.weight) }
            }
        }
        for key in stats.keys {
            stats[key]!.selfTime = Double(stats[key]!.selfSamples) * period
            stats[key]!.cumulativeTime = Double(stats[key]!.totalSamples) * period
        }
        self.functions = stats
        self.edges = edgeTotals.map {
            CallEdge(caller: $0.key.caller, callee: $0.key.callee, selfSamples: $0.value.selfSamples, totalSamples: $0.value.totalSamples)
        }
        self.totalSamples = total
    }

    private struct EdgeID: Hashable {
        var caller: FunctionKey
        var callee: FunctionKey
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
