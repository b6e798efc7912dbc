/// The order of a profile table, named after pstats' sort keys.
public struct TableSortKey: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// By cumulative time (pstats `cumulative`).
    public static let cumulative = TableSortKey(rawValue: "cumulative")
    /// By self time (pstats `tottime`).
    public static let selfTime = TableSortKey(rawValue: "tottime")
    /// By weighted sample count with the function anywhere on the stack.
    public static let samples = TableSortKey(rawValue: "samples")
    /// By function name.
    public static let name = TableSortKey(rawValue: "name")
    /// By file name, then line.
    public static let file = TableSortKey(rawValue: "file")

    public var description: String { rawValue }
}
