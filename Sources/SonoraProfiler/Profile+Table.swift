extension Profile {
    /// The function table sorted by cumulative time, top 20, like pstats `print_stats(20)`.
    public var profileStats: String { table(sortedBy: .cumulative, limit: 20) }

    /// Renders the function table like pstats `print_stats`.
    public func table(sortedBy key: TableSortKey = .cumulative, limit: Int = 20) -> String {
        // Placeholder until the renderer lands.
        functions.prefix(limit).map { "\($0.totalSamples) \($0.selfSamples) \($0.name)" }.joined(separator: "\n")
    }
}
