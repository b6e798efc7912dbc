/// The state of the source tree a report was measured on.
public struct GitState: Sendable, Codable, Hashable {
    /// Full commit SHA, or `nil` outside a repository.
    public var sha: String?
    /// Whether tracked files had uncommitted changes.
    public var dirty: Bool
    /// A tag pointing exactly at the commit, if any.
    public var tag: String?

    public init(sha: String?, dirty: Bool, tag: String?) {
        self.sha = sha
        self.dirty = dirty
        self.tag = tag
    }

    /// The tag if there is one, else the 7-character SHA, else `unversioned`: the report's name.
    public var versionName: String {
        if let tag { return tag }
        if let sha { return String(sha.prefix(7)) }
        return "unversioned"
    }
}
