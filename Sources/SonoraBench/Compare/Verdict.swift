/// What a comparison concluded for one benchmark and metric; an extensible set.
public struct Verdict: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Significantly worse, with the whole confidence interval past the threshold.
    public static let regressed = Verdict(rawValue: "regressed")
    /// Significantly better, with the whole confidence interval past the threshold.
    public static let improved = Verdict(rawValue: "improved")
    /// The confidence interval lies within the threshold band.
    public static let unchanged = Verdict(rawValue: "unchanged")
    /// The data cannot tell: the interval straddles the threshold.
    public static let inconclusive = Verdict(rawValue: "inconclusive")
}
