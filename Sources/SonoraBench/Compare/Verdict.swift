/// What a comparison concluded for one benchmark and metric; an extensible set.
public struct Verdict: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Significantly worse, with the estimate past the threshold.
    public static let regressed = Verdict(rawValue: "regressed")
    /// Significantly better, with the estimate past the threshold.
    public static let improved = Verdict(rawValue: "improved")
    /// The confidence interval lies within the threshold band.
    public static let unchanged = Verdict(rawValue: "unchanged")
    /// An exact cost that was 0 in the base is now past the floor: not an infinite ratio, but a
    /// regression of its own kind.
    public static let appeared = Verdict(rawValue: "appeared")
    /// The data cannot tell: the interval straddles the threshold.
    public static let inconclusive = Verdict(rawValue: "inconclusive")
}
