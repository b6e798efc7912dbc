import Foundation
import Testing
@testable import SonoraMusic

/// The hot-path shortcuts of issue 13's fourth round: each must give exactly what the general code gives.
@Suite struct FastPathTests {
    @Test func smallASCIIStringsAreBuiltEqualToTheGeneralInitializerAtEveryLength() throws {
        #expect(SmallASCIIString.layoutHolds, "this runtime's small-string layout is not the one the fast path builds")
        let text = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        for count in 0...15 {
            for start in [0, 1, 20, text.count - count] {
                let expected = String(decoding: text[start..<(start + count)], as: UTF8.self)
                // Near the end of the buffer (no 16 readable bytes) and far from it.
                let built = text.withUnsafeBytes { SmallASCIIString.make($0, start: start, count: count) }
                #expect(built == expected)
                #expect(Array(built.utf8) == Array(expected.utf8))
                #expect(built.hashValue == expected.hashValue)
                #expect((built + "!").utf8.count == count + 1)
            }
        }
    }

    @Test func aBadBase64CharacterIsReportedAtItsOwnOffsetInEveryPositionOfAQuad() throws {
        let rick = TrackCodecTests.rick
        var characters = Array(rick.utf8)
        for offset in [0, 1, 2, 3, 4, 5, 6, 7, 40, 41, 42, 43, characters.count - 5] {
            let saved = characters[offset]
            characters[offset] = UInt8(ascii: "*")
            let error = try #require(throws: MusicError.self) { try TrackCodec.decode(String(decoding: characters, as: UTF8.self)) }
            #expect(error.code == .notBase64)
            #expect(error.offset == offset)
            characters[offset] = saved
        }
        #expect(try TrackCodec.decode(rick).title == "Rick Astley - Never Gonna Give You Up")
    }

    @Test func emptyPluginInfoAndUserDataAreReadWithOrWithoutSpacesAndOtherValuesAreKept() throws {
        let track = #"{"encoded":"QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA==","info":{"identifier":"dQw4w9WgXcQ","isSeekable":true,"author":"RickAstley","length":212000,"isStream":false,"position":0,"title":"Rick Astley - Never Gonna Give You Up","uri":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","artworkUrl":null,"isrc":null,"sourceName":"youtube"},"#
        for (plugin, user) in [("{}", "{}"), ("{ }", " {}"), (#"{"a":1}"#, "{}"), ("{}", #"{"b":[true]}"#)] {
            let body = #"{"loadType":"track","data":"# + track + #""pluginInfo":"# + plugin + #","userData":"# + user + "}}"
            let result = try LoadResult.decode(json: Data(body.utf8))
            let loaded = try #require(result.tracks.first)
            #expect(loaded.info.identifier == "dQw4w9WgXcQ")
            #expect(loaded.info.sourceName == "youtube")
            #expect(loaded.pluginInfo == (plugin == #"{"a":1}"# ? .object(["a": .number(1)]) : .emptyObject))
            #expect(loaded.userData == (user == #"{"b":[true]}"# ? .object(["b": .array([.bool(true)])]) : .emptyObject))
        }
        #expect(throws: MusicError.self) { try LoadResult.decode(json: Data(#"{"loadType":"track","data":{"pluginInfo":{}"#.utf8)) }
    }
}
