extension Track {
    /// The probe info of an `http` or `local` track (`probeName` or `probeName|parameters`), or `nil`.
    ///
    /// Parsed from ``sourceSpecificBytes``, which hold one Java `writeUTF` string for these sources.
    /// - Complexity: O(*n*) in the number of source-specific bytes.
    public var probeInfo: String? {
        guard sourceName == "http" || sourceName == "local", box.header.spans.count(TrackBox.Slot.sourceSpecific) != 0 else { return nil }
        return withExtendedLifetime(box) { () -> String? in
            var cursor = ByteCursor(box.bytes(TrackBox.Slot.sourceSpecific))
            guard let text = try? cursor.readUTF(), cursor.isAtEnd else { return nil }
            return text
        }
    }

    /// LavaSrc's extended fields (album, artist, preview), or `nil` when the bytes are absent or have another layout.
    ///
    /// LavaSrc sources (`spotify`, `deezer`, `applemusic`, ...) write five nullable strings and a boolean
    /// since 2023-08; older tracks have no extra bytes.
    /// - Complexity: O(*n*) in the number of source-specific bytes.
    public var lavaSrcFields: LavaSrcFields? {
        guard sourceName != "http", sourceName != "local", box.header.spans.count(TrackBox.Slot.sourceSpecific) != 0 else { return nil }
        return withExtendedLifetime(box) { () -> LavaSrcFields? in
            var cursor = ByteCursor(box.bytes(TrackBox.Slot.sourceSpecific))
            let fields = Result { () throws(MusicError) -> LavaSrcFields in
                LavaSrcFields(
                    albumName: try cursor.readNullableUTF(), albumUrl: try cursor.readNullableUTF(),
                    artistUrl: try cursor.readNullableUTF(), artistArtworkUrl: try cursor.readNullableUTF(),
                    previewUrl: try cursor.readNullableUTF(), isPreview: try cursor.readBool()
                )
            }
            guard case .success(let value) = fields, cursor.isAtEnd else { return nil }
            return value
        }
    }

    /// The source-specific bytes of an `http`/`local` track with the given probe info.
    /// - Parameter probeInfo: `probeName` or `probeName|parameters`, for example `mp3`.
    /// - Returns: The bytes to put in ``sourceSpecificBytes``.
    /// - Throws: ``MusicError`` `valueTooLarge` when the text exceeds 65,535 encoded bytes.
    public static func probeInfoBytes(_ probeInfo: String) throws(MusicError) -> [UInt8] {
        var writer = ByteWriter()
        try writer.writeUTF(probeInfo)
        return writer.bytes
    }

    /// The source-specific bytes holding LavaSrc's extended fields.
    /// - Parameter fields: The fields to write.
    /// - Returns: The bytes to put in ``sourceSpecificBytes``.
    /// - Throws: ``MusicError`` `valueTooLarge` when a text exceeds 65,535 encoded bytes.
    public static func lavaSrcBytes(_ fields: LavaSrcFields) throws(MusicError) -> [UInt8] {
        var writer = ByteWriter()
        try writer.writeNullableUTF(fields.albumName)
        try writer.writeNullableUTF(fields.albumUrl)
        try writer.writeNullableUTF(fields.artistUrl)
        try writer.writeNullableUTF(fields.artistArtworkUrl)
        try writer.writeNullableUTF(fields.previewUrl)
        writer.writeBool(fields.isPreview)
        return writer.bytes
    }
}
