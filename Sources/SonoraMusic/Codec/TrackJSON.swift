import Foundation

/// The JSON form of a ``Track`` used by `sonora track decode` / `encode`: Lavalink's `info` names plus `version`.
///
/// Keys, in order: `title`, `author`, `length`, `identifier`, `isStream`, `uri`, `artworkUrl`, `isrc`,
/// `sourceName`, `position`, `version`; then `probeInfo` for http/local tracks and `sourceSpecific`
/// (base64 of the opaque source bytes) when there are any, so that `encode` restores the exact string.
public enum TrackJSON {
    /// Renders a track as one line of JSON.
    /// - Parameter track: The track.
    /// - Returns: A JSON object without a trailing newline.
    /// - Complexity: O(*n*) in the size of the fields.
    public static func render(_ track: Track) -> String {
        var out = "{"
        out += "\"title\":" + quote(track.title)
        out += ",\"author\":" + quote(track.author)
        out += ",\"length\":\(track.length)"
        out += ",\"identifier\":" + quote(track.identifier)
        out += ",\"isStream\":\(track.isStream)"
        out += ",\"uri\":" + quote(track.uri)
        out += ",\"artworkUrl\":" + quote(track.artworkUrl)
        out += ",\"isrc\":" + quote(track.isrc)
        out += ",\"sourceName\":" + quote(track.sourceName)
        out += ",\"position\":\(track.position)"
        out += ",\"version\":\(track.version)"
        if let probeInfo = track.probeInfo { out += ",\"probeInfo\":" + quote(probeInfo) }
        if !track.sourceSpecificBytes.isEmpty { out += ",\"sourceSpecific\":" + quote(Base64.encode(track.sourceSpecificBytes)) }
        return out + "}"
    }

    /// The decoded object. Not `TrackFields`' `Codable` form: this format has no `isSeekable`, makes `position`
    /// and `version` optional and adds `probeInfo` and `sourceSpecific`, and a synthesized `Decodable` has one
    /// key set with one optionality per type.
    private struct Body: Decodable {
        var title: String
        var author: String
        var length: Int64
        var identifier: String
        var isStream: Bool
        var uri: String?
        var artworkUrl: String?
        var isrc: String?
        var sourceName: String
        var position: Int64?
        var version: UInt8?
        var probeInfo: String?
        var sourceSpecific: String?
    }

    /// Parses the JSON form back into a track.
    /// - Parameter json: One JSON object as ``render(_:)`` writes it; `position` defaults to 0 and `version` to 3.
    /// - Returns: The track.
    /// - Throws: ``MusicError`` `invalidJSON` for a bad object, `notBase64` for a bad `sourceSpecific`.
    public static func parse(_ json: Data) throws(MusicError) -> Track {
        let body = try JSONDecoding.decode(Body.self, from: json, what: "track JSON")
        var sourceBytes: [UInt8] = []
        if var sourceSpecific = body.sourceSpecific {
            sourceBytes = try sourceSpecific.withUTF8 { utf8 in
                Result { () throws(MusicError) -> [UInt8] in try Base64.decode(utf8) }
            }.get()
        } else if let probeInfo = body.probeInfo {
            sourceBytes = try Track.probeInfoBytes(probeInfo)
        }
        return Track(
            title: body.title, author: body.author, length: body.length, identifier: body.identifier,
            isStream: body.isStream, uri: body.uri, artworkUrl: body.artworkUrl, isrc: body.isrc,
            sourceName: body.sourceName, sourceSpecificBytes: sourceBytes, position: body.position ?? 0,
            version: body.version ?? TrackCodec.latestVersion
        )
    }

    /// A JSON string literal, or `null`.
    static func quote(_ text: String?) -> String {
        guard let text else { return "null" }
        return JSONStringLiteral.string(text)
    }
}
