import SonoraProfiler

/// How one function's shares moved between two benchmark profiles: a ``ProfileDiff`` entry.
@available(*, deprecated, renamed: "ProfileDiff.Entry")
public typealias FunctionShareChange = ProfileDiff.Entry

/// One benchmark's profile diff in a comparison.
public struct ProfileDiffEntry: Sendable, Codable {
    public var benchmark: String
    /// Functions whose shares grew most, largest self-share growth first.
    public var functions: [ProfileDiff.Entry]
    /// Why there is no diff, when a report lacks a profile.
    public var unavailable: String?
    /// The saved native profiles of base and head, when both reports saved them, for
    /// `sonora profile diff`.
    public var nativeProfiles: (base: String, head: String)? {
        guard let baseNativeProfile, let headNativeProfile else { return nil }
        return (baseNativeProfile, headNativeProfile)
    }
    public var baseNativeProfile: String?
    public var headNativeProfile: String?
}
