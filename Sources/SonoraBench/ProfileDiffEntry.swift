/// One benchmark's profile diff in a comparison.
public struct ProfileDiffEntry: Sendable, Codable {
    public var benchmark: String
    /// Functions whose shares grew most, largest self-share growth first.
    public var functions: [FunctionShareChange]
    /// Why there is no diff, when a report lacks a profile.
    public var unavailable: String?
}
