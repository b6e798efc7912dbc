import Foundation
import SonoraTestSupport

/// Reads the one Lavalink fixture tree, `Sources/SonoraFakeLavalink/Fixtures` (see its `SOURCES.md`).
enum FixtureFiles {
    static func data(_ path: String) throws -> Data {
        try FixtureFolder.lavalink.data(path)
    }

    static func lines(_ path: String) throws -> [String] {
        try FixtureFolder.lavalink.lines(path)
    }

    /// The files in a fixture subfolder, sorted by name.
    static func files(in folder: String) throws -> [String] {
        try FixtureFolder.lavalink.files(in: folder)
    }

    /// One line of `encoded-tracks.jsonl`.
    struct Vector: Decodable {
        struct Expected: Decodable {
            var version: Int
            var title: String
            var author: String
            var length: Int64
            var identifier: String
            var isStream: Bool
            var uri: String?
            var artworkUrl: String??
            var isrc: String??
            var sourceName: String
            var position: Int64
            var probeInfo: String?
            var albumName: String??
            var albumUrl: String??
            var artistUrl: String??
            var artistArtworkUrl: String??
            var previewUrl: String??
            var isPreview: Bool?

            enum CodingKeys: String, CodingKey {
                case version, title, author, length, identifier, isStream, uri, artworkUrl, isrc, sourceName, position, probeInfo
                case albumName = "lavasrc.albumName", albumUrl = "lavasrc.albumUrl", artistUrl = "lavasrc.artistUrl"
                case artistArtworkUrl = "lavasrc.artistArtworkUrl", previewUrl = "lavasrc.previewUrl", isPreview = "lavasrc.isPreview"
            }

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                version = try c.decode(Int.self, forKey: .version)
                title = try c.decode(String.self, forKey: .title)
                author = try c.decode(String.self, forKey: .author)
                length = try c.decode(Int64.self, forKey: .length)
                identifier = try c.decode(String.self, forKey: .identifier)
                isStream = try c.decode(Bool.self, forKey: .isStream)
                uri = try c.decodeIfPresent(String.self, forKey: .uri)
                sourceName = try c.decode(String.self, forKey: .sourceName)
                position = try c.decode(Int64.self, forKey: .position)
                probeInfo = try c.decodeIfPresent(String.self, forKey: .probeInfo)
                isPreview = try c.decodeIfPresent(Bool.self, forKey: .isPreview)
                // Present-but-null and absent differ for these: absent means "not asserted".
                func optional(_ key: CodingKeys) throws -> String?? {
                    c.contains(key) ? .some(try c.decodeIfPresent(String.self, forKey: key)) : .none
                }
                artworkUrl = try optional(.artworkUrl)
                isrc = try optional(.isrc)
                albumName = try optional(.albumName)
                albumUrl = try optional(.albumUrl)
                artistUrl = try optional(.artistUrl)
                artistArtworkUrl = try optional(.artistArtworkUrl)
                previewUrl = try optional(.previewUrl)
            }
        }

        var encoded: String
        var expected: Expected?
        var mustFail: Bool
        var source_repo: String?

        var testDescription: String { "\(source_repo ?? "?"): \(encoded.prefix(32))…" }
    }

    static func vectors() throws -> [Vector] {
        try lines("encoded-tracks.jsonl").map { try JSONDecoder().decode(Vector.self, from: Data($0.utf8)) }
    }
}

