import Foundation
import Testing
@testable import SonoraMusic

/// The hot-path shortcuts of issue 13's fifth round: predicted keys, word-compare literals and integers,
/// two-quad base64 and the one-word tail check of modified UTF-8. Each must give exactly what the general code gives.
@Suite struct KeyPredictionTests {
    /// One track's `info` members, in Lavalink's order.
    static func infoMembers(_ index: Int, length: String = "212000") -> [(String, String)] {
        [
            ("identifier", #""id\#(index)""#), ("isSeekable", "true"), ("author", #""Author \#(index) with a long name""#),
            ("length", length), ("isStream", "false"), ("position", "\(index)"),
            ("title", #""Title \#(index) \u00e9 and more words""#), ("uri", #""https://example.com/\#(index)""#),
            ("artworkUrl", "null"), ("isrc", index % 2 == 0 ? "null" : #""ISRC\#(index)""#), ("sourceName", #""http""#),
        ]
    }

    static let encoded = TrackCodecTests.rick

    /// A track object whose keys come in the order (and spelling) of `variant`.
    static func track(_ index: Int, variant: Int) -> String {
        var info = infoMembers(index)
        var members = [("encoded", #""\#(encoded)""#), ("pluginInfo", "{}"), ("userData", #"{"k":[1,2]}"#)]
        var separator = ","
        switch variant {
        case 1: info.sort { $0.0 < $1.0 }; members.sort { $0.0 < $1.0 }
        case 2: info.reverse(); members.reverse()
        case 3: info.insert(("unknownPluginField", #"{"a":"b"}"#), at: 3); members.insert(("extra", "[1]"), at: 1)
        case 4: separator = " ,\n "
        case 5: info.removeLast(); info.insert((#"sourceN\u0061me"#, #""y""#), at: 0)  // an escaped key
        default: break
        }
        let infoText = "{" + info.map { #""\#($0.0)":\#($0.1)"# }.joined(separator: separator) + "}"
        members.insert(("info", infoText), at: variant == 2 ? 3 : 1)
        return "{" + members.map { #""\#($0.0)":\#($0.1)"# }.joined(separator: separator) + "}"
    }

    @Test func tracksWhoseKeyOrderChangesFromTrackToTrackParseAsTheCodableDecoderReadsThem() throws {
        // Orders change every track, every few tracks, and back, so predictions both hit and miss.
        let variants = [0, 0, 1, 1, 1, 2, 0, 3, 3, 4, 1, 5, 0, 2, 2, 3, 5, 5, 4, 0]
        let array = "[" + variants.enumerated().map { Self.track($0.offset, variant: $0.element) }.joined(separator: ",") + "]"
        let expected = try JSONDecoder().decode([LoadedTrack].self, from: Data(array.utf8))
        let result = try LoadResult.decode(json: Data(#"{"loadType":"search","data":\#(array)}"#.utf8))
        #expect(result.tracks.count == variants.count)
        #expect(result.tracks == expected)
        #expect(result.tracks[11].info.sourceName == "y")
        #expect(result.tracks[1].info.isrc == "ISRC1")
        #expect(result.tracks[0].userData == .object(["k": .array([.number(1), .number(2)])]))
        let playlist = #"{"data":{"info":{"name":"p","selectedTrack":2},"pluginInfo":{},"tracks":\#(array)},"loadType":"playlist"}"#
        #expect(try LoadResult.decode(json: Data(playlist.utf8)).tracks == expected)
    }

    @Test func aMissingKeyIsNamedAfterTheKeyOrderWasLearned() throws {
        var info = Self.infoMembers(1)
        info.removeAll { $0.0 == "position" }
        let broken = #"{"encoded":"\#(Self.encoded)","info":{"# + info.map { #""\#($0.0)":\#($0.1)"# }.joined(separator: ",") + "}}"
        let body = #"{"loadType":"search","data":[\#(Self.track(0, variant: 0)),\#(broken)]}"#
        let error = try #require(throws: MusicError.self) { try LoadResult.decode(json: Data(body.utf8)) }
        #expect(error.code == .invalidJSON)
        #expect(error.message.contains("the key 'position' is missing in a track's info"))
        #expect(error.message.contains("(track 1 of data)"))
    }

    @Test func integersTakeTheShortPathOnlyWhenItMeansTheSame() throws {
        let cases: [(String, Int64?)] = [
            ("0", 0), ("-5", -5), ("007", 7), ("123456789012345678", 123_456_789_012_345_678),
            ("1234567890123456789", 1_234_567_890_123_456_789), ("9223372036854775807", .max),
            ("-9223372036854775808", .min), ("9223372036854775808", nil), ("1.0", 1), ("1e3", 1000), ("25E-1", nil),
            ("1.5", nil), ("-", nil), ("12a", nil), (" 42", 42),
        ]
        for (text, expected) in cases {
            let info = Self.infoMembers(0, length: text).map { #""\#($0.0)":\#($0.1)"# }.joined(separator: ",")
            let body = #"{"loadType":"track","data":{"encoded":"\#(Self.encoded)","info":{\#(info)}}}"#
            if let expected {
                #expect(try LoadResult.decode(json: Data(body.utf8)).tracks.first?.info.length == expected, "length \(text)")
            } else {
                #expect(throws: MusicError.self, "length \(text)") { try LoadResult.decode(json: Data(body.utf8)) }
            }
        }
    }

    @Test func literalsAtTheVeryEndOfTheBodyAndMisspelledOnesAreReadAsBefore() throws {
        // `true`, `false` and `null` as the last bytes before the closing braces (fewer than eight bytes left).
        let info = Self.infoMembers(0).filter { $0.0 != "isStream" && $0.0 != "artworkUrl" }
            .map { #""\#($0.0)":\#($0.1)"# }.joined(separator: ",")
        for (tail, isStream) in [(#""isStream":true"#, true), (#""isStream":false"#, false)] {
            let body = #"{"loadType":"track","data":{"encoded":"\#(Self.encoded)","info":{\#(info),"artworkUrl":null,\#(tail)}}}"#
            let loaded = try #require(try LoadResult.decode(json: Data(body.utf8)).tracks.first)
            #expect(loaded.info.isStream == isStream)
            #expect(loaded.info.artworkUrl == nil)
        }
        for bad in ["tru", "fals", "nul", "True", "nulll"] {
            let body = #"{"loadType":"track","data":{"encoded":"\#(Self.encoded)","info":{\#(info),"isStream":\#(bad)}}}"#
            #expect(throws: MusicError.self, "isStream \(bad)") { try LoadResult.decode(json: Data(body.utf8)) }
        }
    }

    @Test func base64DecodesLikeFoundationAtEveryLengthAndReportsTheFirstBadCharacter() throws {
        var generator = SystemRandomNumberGenerator()
        for count in 0...80 {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Data(bytes).base64EncodedString()
            let decoded = try Array(text.utf8).withUnsafeBufferPointer { try Base64.decode($0) }
            #expect(decoded == bytes, "\(count) bytes")
            if text.count >= 8 {
                // A bad character in the first two-quad step, not in the first quad.
                var broken = Array(text.utf8)
                broken[6] = UInt8(ascii: "!")
                let error = try #require(throws: MusicError.self) { try broken.withUnsafeBufferPointer { try Base64.decode($0) } }
                #expect(error.offset == 6)
            }
        }
    }

    @Test func modifiedUTF8StringsOfEveryShortLengthRoundTripWithASpecialCharacterAnywhere() throws {
        for count in 1...24 {
            for special in [nil, "é", "\u{0}", "😀"] as [String?] {
                for position in special == nil ? [0] : Array(0..<count) {
                    var title = String(repeating: "a", count: count)
                    if let special {
                        title = String(title.prefix(position)) + special + String(title.dropFirst(position + 1))
                    }
                    let track = Track(title: title, author: title, length: 1, identifier: title, isStream: false, sourceName: "s")
                    let again = try TrackCodec.decode(try TrackCodec.encode(track))
                    #expect(again.title == title)
                    #expect(again.identifier == title)
                    #expect(Array(again.title.utf8) == Array(title.utf8))
                }
            }
        }
    }
}
