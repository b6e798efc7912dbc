/// Per-function changes between two profiles, in shares of each profile's samples.
///
/// Shares make profiles of different lengths comparable: a function that took 10% of the base
/// run's samples and 25% of the head run's grew by 15 points, whatever the run lengths were.
/// Functions are matched by name, module and file. The benchmark runner uses this to explain regressions.
public struct ProfileDiff: Sendable {
    /// One function's shares in both profiles.
    public struct Entry: Sendable, Hashable {
        /// Demangled function name.
        public var name: String
        public var module: String
        public var file: String?
        /// Fraction (0...1) of the base profile's weighted samples with the function at the leaf.
        public var baseSelfShare: Double
        public var headSelfShare: Double
        /// Fraction (0...1) of the base profile's weighted samples with the function anywhere on the stack.
        public var baseCumulativeShare: Double
        public var headCumulativeShare: Double

        /// `headSelfShare - baseSelfShare`: positive when the function itself got hotter.
        public var selfShareDelta: Double { headSelfShare - baseSelfShare }
        /// `headCumulativeShare - baseCumulativeShare`: positive when the function and its callees got hotter.
        public var cumulativeShareDelta: Double { headCumulativeShare - baseCumulativeShare }
        /// The larger of the two absolute deltas; entries are sorted by it.
        public var magnitude: Double { max(abs(selfShareDelta), abs(cumulativeShareDelta)) }
    }

    public var base: Profile
    public var head: Profile
    /// Every function in either profile, largest absolute change first (then larger self change, then name).
    public var entries: [Entry]

    /// Compares `head` against `base`.
    ///
    /// - Parameters:
    ///   - base: The earlier profile, for example from the last release.
    ///   - head: The later profile.
    /// - Complexity: O(total frames over both profiles' samples), plus sorting the functions.
    public init(base: Profile, head: Profile) {
        self.base = base
        self.head = head
        let baseAggregate = ProfileAggregate(base)
        let headAggregate = ProfileAggregate(head)
        let baseTotal = Double(max(baseAggregate.totalSamples, 1))
        let headTotal = Double(max(headAggregate.totalSamples, 1))
        var entries: [FunctionKey: Entry] = [:]
        for (key, stats) in baseAggregate.functions {
            entries[key] = Entry(
                name: key.name, module: key.module, file: key.file,
                baseSelfShare: Double(stats.selfSamples) / baseTotal, headSelfShare: 0,
                baseCumulativeShare: Double(stats.totalSamples) / baseTotal, headCumulativeShare: 0)
        }
        for (key, stats) in headAggregate.functions {
            var entry = entries[key] ?? Entry(
                name: key.name, module: key.module, file: key.file,
                baseSelfShare: 0, headSelfShare: 0, baseCumulativeShare: 0, headCumulativeShare: 0)
            entry.headSelfShare = Double(stats.selfSamples) / headTotal
            entry.headCumulativeShare = Double(stats.totalSamples) / headTotal
            entries[key] = entry
        }
        self.entries = entries.values.sorted {
            if $0.magnitude != $1.magnitude { return $0.magnitude > $1.magnitude }
            if abs($0.selfShareDelta) != abs($1.selfShareDelta) { return abs($0.selfShareDelta) > abs($1.selfShareDelta) }
            return ($0.name, $0.module) < ($1.name, $1.module)
        }
    }
}
