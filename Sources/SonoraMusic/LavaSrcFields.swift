/// The extended fields LavaSrc (`spotify`, `deezer`, `applemusic`, ...) stores in a track's source-specific bytes.
public struct LavaSrcFields: Hashable, Sendable {
    /// The album name.
    public var albumName: String?
    /// The album URL.
    public var albumUrl: String?
    /// The artist URL.
    public var artistUrl: String?
    /// The artist artwork URL.
    public var artistArtworkUrl: String?
    /// The preview URL.
    public var previewUrl: String?
    /// Whether the track is only a preview.
    public var isPreview: Bool

    /// Creates the fields.
    /// - Parameters:
    ///   - albumName: The album name.
    ///   - albumUrl: The album URL.
    ///   - artistUrl: The artist URL.
    ///   - artistArtworkUrl: The artist artwork URL.
    ///   - previewUrl: The preview URL.
    ///   - isPreview: Whether the track is only a preview.
    public init(
        albumName: String? = nil, albumUrl: String? = nil, artistUrl: String? = nil,
        artistArtworkUrl: String? = nil, previewUrl: String? = nil, isPreview: Bool = false
    ) {
        self.albumName = albumName
        self.albumUrl = albumUrl
        self.artistUrl = artistUrl
        self.artistArtworkUrl = artistArtworkUrl
        self.previewUrl = previewUrl
        self.isPreview = isPreview
    }
}
