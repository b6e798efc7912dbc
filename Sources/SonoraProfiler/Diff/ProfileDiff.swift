/// Per-function changes between two profiles, in shares of each profile's samples.
///
/// Shares make profiles of different lengths comparable: a function that took 10% of the base
/// run's samples and 25% of the head run's grew by 15 points, whatever the run lengths were.
/// Functions are matched by name, module and file. The benchmark runner's comparison uses
/// ``grown(base:head:limit:)`` on the shares its reports keep to explain regressions.
public struct ProfileDiff: Sendable {
    /// One function's shares in both profiles.
    public struct Entry: Sendable, Hashable, Codable {
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
        self.entries = Self.entries(base: Self.shares(of: ProfileAggregate(base)), head: Self.shares(of: ProfileAggregate(head)))
    }

    /// One function's shares of one profile: what a diff compares. A benchmark report keeps the
    /// top ones of each benchmark, so two reports are diffed without their full profiles.
    public struct Share: Sendable, Hashable {
        public var function: FunctionKey
        /// Fraction (0...1) of weighted samples with the function at the leaf.
        public var selfShare: Double
        /// Fraction (0...1) of weighted samples with the function anywhere on the stack.
        public var cumulativeShare: Double

        public init(function: FunctionKey, selfShare: Double, cumulativeShare: Double) {
            self.function = function
            self.selfShare = selfShare
            self.cumulativeShare = cumulativeShare
        }
    }

    /// Every function's shares of `aggregate`'s weighted samples.
    public static func shares(of aggregate: ProfileAggregate) -> [Share] {
        let total = Double(max(aggregate.totalSamples, 1))
        return aggregate.functions.map { key, stats in
            Share(function: key, selfShare: Double(stats.selfSamples) / total, cumulativeShare: Double(stats.totalSamples) / total)
        }
    }

    /// Matches `base` and `head` by function (a function missing from one side has a zero share
    /// there), largest absolute change first, then larger self change, then name.
    public static func entries(base: [Share], head: [Share]) -> [Entry] {
        var entries: [FunctionKey: Entry] = [:]
        for share in base where entries[share.function] == nil {
            entries[share.function] = Entry(
                name: share.function.name, module: share.function.module, file: share.function.file,
                baseSelfShare: share.selfShare, headSelfShare: 0, baseCumulativeShare: share.cumulativeShare, headCumulativeShare: 0)
        }
        for share in head {
            var entry = entries[share.function] ?? Entry(
                name: share.function.name, module: share.function.module, file: share.function.file,
                baseSelfShare: 0, headSelfShare: 0, baseCumulativeShare: 0, headCumulativeShare: 0)
            entry.headSelfShare = share.selfShare
            entry.headCumulativeShare = share.cumulativeShare
            entries[share.function] = entry
        }
        return entries.values.sorted {
            if $0.magnitude != $1.magnitude { return $0.magnitude > $1.magnitude }
            if abs($0.selfShareDelta) != abs($1.selfShareDelta) { return abs($0.selfShareDelta) > abs($1.selfShareDelta) }
            return ($0.name, $0.module) < ($1.name, $1.module)
        }
    }

    /// The functions whose shares grew most from `base` to `head`, what explains a regression: by
    /// self-share growth, then cumulative-share growth, then name.
    ///
    /// - Parameter limit: The most entries returned.
    /// - Returns: Entries with positive growth, largest first.
    public static func grown(base: [Share], head: [Share], limit: Int = 5) -> [Entry] {
        entries(base: base, head: head)
            .filter { $0.selfShareDelta > 0 || $0.cumulativeShareDelta > 0 }
            .sorted {
                ($0.selfShareDelta, $0.cumulativeShareDelta, $1.name) > ($1.selfShareDelta, $1.cumulativeShareDelta, $0.name)
            }
            .prefix(limit)
            .map { $0 }
    }
}
