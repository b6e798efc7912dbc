import Foundation
import SonoraMusic
import Testing

/// Issue 14, item 5: `track encode` refuses a field its track version cannot carry instead of dropping it.
@Suite(.enabled(if: SonoraCLI.isBuilt, "needs the sonora executable next to the test bundle"))
struct TrackEncodeVersionTests {
    private func track(version: Int, uri: String? = nil, artworkUrl: String? = nil, isrc: String? = nil) -> String {
        func quote(_ text: String?) -> String { text.map { "\"\($0)\"" } ?? "null" }
        return #"{"title":"T","author":"A","length":1000,"identifier":"id","isStream":false,"uri":\#(quote(uri)),"artworkUrl":\#(quote(artworkUrl)),"isrc":\#(quote(isrc)),"sourceName":"http","position":0,"version":\#(version)}"#
    }

    @Test func version2RefusesArtworkAndISRCNamingThem() throws {
        let run = try SonoraCLI.run("track", "encode", track(version: 2, uri: "https://x", artworkUrl: "https://art", isrc: "USRC1"))
        #expect(run.status == 2, "\(run)")
        #expect(run.output.isEmpty)
        #expect(run.error.contains("version 2 cannot carry artworkUrl (needs version 3), isrc (needs version 3)"), "\(run)")
    }

    @Test func version1RefusesTheURI() throws {
        let run = try SonoraCLI.run("track", "encode", track(version: 1, uri: "https://x"))
        #expect(run.status == 2, "\(run)")
        #expect(run.error.contains("version 1 cannot carry uri (needs version 2)"), "\(run)")
    }

    @Test func fieldsTheVersionCarriesEncodeAndDecodeBack() throws {
        let run = try SonoraCLI.run("track", "encode", track(version: 2, uri: "https://x"))
        #expect(run.status == 0, "\(run)")
        let decoded = try TrackCodec.decode(run.output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(decoded.uri == "https://x" && decoded.version == 2)
    }

    @Test func theLibraryNamesTheFieldsAVersionCannotCarry() {
        var track = Track(title: "T", author: "A", length: 1, identifier: "i", isStream: false, uri: "u", isrc: "I", sourceName: "http", version: 1)
        #expect(track.fieldsBeyondVersion.map(\.field) == ["uri", "isrc"])
        track.version = 3
        #expect(track.fieldsBeyondVersion.isEmpty)
    }
}
