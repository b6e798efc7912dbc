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
