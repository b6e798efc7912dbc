import SonoraProfiler

/// The top functions of a benchmark's profiling pass, as shares of its samples.
public struct ProfileSummary: Sendable, Codable {
    /// Weighted samples the shares are relative to.
    public var totalSamples: Int
    /// Seconds the profiling pass ran.
    public var duration: Double
    /// Functions by descending cumulative share, then self share.
    public var functions: [FunctionShare]
    /// Files saved beside the report (native profile, flame graph), relative to the report.
    public var files: [String]

    public init(totalSamples: Int, duration: Double, functions: [FunctionShare], files: [String] = []) {
        self.totalSamples = totalSamples
        self.duration = duration
        self.functions = functions
        self.files = files
    }

    /// Summarizes a profile's functions.
    ///
    /// - Parameters:
    ///   - profile: The profiling pass's profile.
    ///   - threadID: Only samples of this thread count, or every sample when `nil`.
    ///   - limit: The most functions kept, chosen by self share and by cumulative share.
    public init(_ profile: Profile, threadID: Int32?, limit: Int = 25) {
        let aggregate = ProfileAggregate(profile) { threadID == nil || $0.threadID == threadID }
        let total = max(aggregate.totalSamples, 1)
        let all = aggregate.functions.values.map {
            FunctionShare(
                name: $0.name, module: $0.module,
                selfShare: Double($0.selfSamples) / Double(total),
                cumulativeShare: Double($0.totalSamples) / Double(total))
        }
        let bySelf = all.sorted { ($0.selfShare, $1.name) > ($1.selfShare, $0.name) }.prefix(limit)
        let byTotal = all.sorted { ($0.cumulativeShare, $1.name) > ($1.cumulativeShare, $0.name) }.prefix(limit)
        var seen = Set<String>()
        let kept = (Array(byTotal) + Array(bySelf)).filter { seen.insert($0.id).inserted }
        self.init(
            totalSamples: aggregate.totalSamples, duration: profile.metadata.duration,
            functions: kept.sorted { ($0.cumulativeShare, $0.selfShare, $1.name) > ($1.cumulativeShare, $1.selfShare, $0.name) })
    }
}

/// One function's share of a profile's samples.
public struct FunctionShare: Sendable, Codable, Hashable {
    public var name: String
    public var module: String
    /// Fraction of samples with the function at the leaf.
    public var selfShare: Double
    /// Fraction of samples with the function anywhere on the stack.
    public var cumulativeShare: Double

    public init(name: String, module: String, selfShare: Double, cumulativeShare: Double) {
        self.name = name
        self.module = module
        self.selfShare = selfShare
        self.cumulativeShare = cumulativeShare
    }

    var id: String { module + "`" + name }
}

/// How one function's shares moved between two profiles.
public struct FunctionShareChange: Sendable, Codable, Hashable {
    public var name: String
    public var module: String
    public var baseSelfShare: Double
    public var headSelfShare: Double
    public var baseCumulativeShare: Double
    public var headCumulativeShare: Double

    public var selfGrowth: Double { headSelfShare - baseSelfShare }
    public var cumulativeGrowth: Double { headCumulativeShare - baseCumulativeShare }

    /// The functions whose shares grew most from `base` to `head`: by self-share growth, then
    /// cumulative-share growth. A function missing from one summary counts as a zero share there.
    ///
    /// - Parameters:
    ///   - base: The baseline's profile summary.
    ///   - head: The candidate's profile summary.
    ///   - limit: The most changes returned.
    /// - Returns: Changes with positive growth, largest first.
    public static func grown(from base: ProfileSummary, to head: ProfileSummary, limit: Int = 5) -> [FunctionShareChange] {
        let baseByID = Dictionary(base.functions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let headByID = Dictionary(head.functions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changes = Set(baseByID.keys).union(headByID.keys).map { id -> FunctionShareChange in
            let before = baseByID[id]
            let after = headByID[id]
            let any = (after ?? before)!
            return FunctionShareChange(
                name: any.name, module: any.module,
                baseSelfShare: before?.selfShare ?? 0, headSelfShare: after?.selfShare ?? 0,
                baseCumulativeShare: before?.cumulativeShare ?? 0, headCumulativeShare: after?.cumulativeShare ?? 0)
        }
        return changes
            .filter { $0.selfGrowth > 0 || $0.cumulativeGrowth > 0 }
            .sorted { ($0.selfGrowth, $0.cumulativeGrowth, $1.name) > ($1.selfGrowth, $1.cumulativeGrowth, $0.name) }
            .prefix(limit)
            .map { $0 }
    }
}
