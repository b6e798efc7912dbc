extension Track {
    /// The track info version that first carries each optional field: `uri` from 2, `artworkUrl` and `isrc` from 3.
    public static let fieldVersions: [(field: String, version: UInt8)] = [("uri", 2), ("artworkUrl", 3), ("isrc", 3)]

    /// The optional fields this track has set that its ``version`` cannot carry.
    ///
    /// ``TrackCodec/encode(_:)`` writes only what the version holds, so these fields would be
    /// lost without a word; callers that take tracks from users check this first.
    ///
    /// - Returns: Each such field with the first version that carries it, in field order; empty
    ///   when nothing would be lost.
    /// - Complexity: O(1).
    public var fieldsBeyondVersion: [(field: String, version: UInt8)] {
        let values: [String: String?] = ["uri": uri, "artworkUrl": artworkUrl, "isrc": isrc]
        return Self.fieldVersions.filter { entry in
            version < entry.version && values[entry.field].flatMap { $0 } != nil
        }
    }
}
