import Foundation
import Testing
@testable import SonoraMusic

/// Issue 13, sixth round: a track (and a parsed track's info) keeps its texts as bytes in one box and makes
/// `String`s when read. Each test would fail if the box lost a byte, a field, or `String`'s semantics.
@Suite struct TrackBoxTests {
    @Test func aDecodedTrackKeepsItsMessageInItsBoxAndEncodesFromIt() throws {
        for encoded in try FixtureFiles.lines("corpus-encoded.txt").prefix(400) {
            let message = [UInt8](try #require(Data(base64Encoded: encoded)))
            let track = try TrackCodec.decode(encoded)
            // The box's bytes are the message itself: nothing was copied out into strings.
            #expect(Array(track.box.bytes) == message)
            #expect(track.box.header.modifiedUTF8)
            #expect(try TrackCodec.encodeBytes(track) == message)
            // The same track through a freshly built box (every text made into a String and back).
            let rebuilt = Track(
                flags: track.flags, title: track.title, author: track.author, length: track.length, identifier: track.identifier,
                isStream: track.isStream, uri: track.uri, artworkUrl: track.artworkUrl, isrc: track.isrc,
                sourceName: track.sourceName, sourceSpecificBytes: track.sourceSpecificBytes, position: track.position,
                version: track.version)
            #expect(rebuilt == track)
            #expect(rebuilt.hashValue == track.hashValue)
            #expect(try TrackCodec.encode(rebuilt) == encoded)
        }
    }

    @Test func textsAreComparedAsSwiftStringsNotAsBytes() throws {
        // U+212A KELVIN SIGN is canonically equivalent to "K": equal as Strings, different bytes.
        let kelvin = Track(title: "\u{212A}", author: "a", length: 1, identifier: "id", isStream: false, sourceName: "http")
        let letter = Track(title: "K", author: "a", length: 1, identifier: "id", isStream: false, sourceName: "http")
        #expect(kelvin.title == letter.title)
        #expect(kelvin == letter)
        #expect(kelvin.hashValue == letter.hashValue)
        #expect(try TrackCodec.encode(kelvin) != TrackCodec.encode(letter))
        var other = letter
        other.title = "k"
        #expect(other != letter)
        let info = TrackInfo(kelvin), letterInfo = TrackInfo(letter)
        #expect(info == letterInfo)
        #expect(info.hashValue == letterInfo.hashValue)
    }

    @Test func settingAFieldMakesANewBoxAndLeavesCopiesAlone() throws {
        let original = try TrackCodec.decode(TrackCodecTests.rick)
        var changed = original
        changed.title = "Never Gonna Let You Down — ünïcödé and a NUL \u{0}"
        changed.uri = nil
        changed.sourceSpecificBytes = [1, 2, 3]
        #expect(original.title == "Rick Astley - Never Gonna Give You Up")
        #expect(original.uri != nil)
        #expect(original.sourceSpecificBytes.isEmpty)
        #expect(changed.title == "Never Gonna Let You Down — ünïcödé and a NUL \u{0}")
        #expect(changed.uri == nil)
        #expect(changed.sourceSpecificBytes == [1, 2, 3])
        #expect(changed.author == original.author && changed.identifier == original.identifier)
        let again = try TrackCodec.decode(TrackCodec.encode(changed))
        #expect(again == changed)
        #expect(again.title == changed.title)
    }

    @Test func aTextTooLongForTheCodecIsKeptAndRefusedOnlyWhenEncoded() throws {
        let long = String(repeating: "x", count: 70_000)
        let track = Track(title: long, author: "a", length: 1, identifier: "id", isStream: false, sourceName: "http")
        #expect(track.title == long)
        let error = try #require(throws: MusicError.self) { try TrackCodec.encode(track) }
        #expect(error.code == .valueTooLarge)
    }

    @Test func parsedInfoKeepsItsTextsInTheBoxItSharesWithEncoded() throws {
        let body = try LoadResultParserOracleTests.body(loadType: "search", encoded: Array(try FixtureFiles.lines("corpus-encoded.txt").prefix(50)))
        let result = try LoadResult.decode(json: body)
        let oracle = try LoadResultParserOracleTests.oracle(body)
        #expect(result == oracle)
        for (parsed, expected) in zip(result.tracks, oracle.tracks) {
            #expect(parsed.encodedBox === parsed.info.box)
            #expect(!parsed.info.box.header.modifiedUTF8)
            #expect(parsed.encoded == expected.encoded)
            #expect(parsed.info.title == expected.info.title && parsed.info.uri == expected.info.uri)
            #expect(try parsed.decoded() == TrackCodec.decode(expected.encoded))
        }
    }

    @Test func infoSettersAndCodableKeepTheirFormerShape() throws {
        var info = TrackInfo(try TrackCodec.decode(TrackCodecTests.rick))
        let before = info
        info.title = "é"
        info.isrc = "ISRC1"
        info.uri = nil
        info.length = 5
        #expect(before.title == "Rick Astley - Never Gonna Give You Up")
        #expect(info.title == "é" && info.isrc == "ISRC1" && info.uri == nil && info.length == 5)
        #expect(info.identifier == before.identifier && info.sourceName == before.sourceName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(info), as: UTF8.self)
        // Absent optionals are left out, as the synthesized conformance did.
        #expect(json == #"{"author":"RickAstleyVEVO","identifier":"dQw4w9WgXcQ","isSeekable":true,"isStream":false,"isrc":"ISRC1","length":5,"position":0,"sourceName":"youtube","title":"é"}"#)
        #expect(try JSONDecoder().decode(TrackInfo.self, from: Data(json.utf8)) == info)
        var loaded = try LoadedTrack(try TrackCodec.decode(TrackCodecTests.rick))
        let encoded = loaded.encoded
        loaded.info = info
        #expect(loaded.encoded == encoded)
        loaded.encoded = "QUJD"
        #expect(loaded.encoded == "QUJD" && loaded.info == info)
    }

    @Test func utf8ValidationAgreesWithTheStandardLibrary() throws {
        var samples: [[UInt8]] = []
        for first in 0...255 { samples.append([UInt8(first)]) }
        for first in 0x80...0xFF { for second in 0...255 { samples.append([UInt8(first), UInt8(second)]) } }
        var generator = SplitMix64(seed: 13)
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                                    0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<60_000 {
            let count = Int(generator.next() % 12) + 1
            samples.append((0..<count).map { _ in interesting[Int(generator.next() % UInt64(interesting.count))] })
        }
        for sample in samples {
            let expected = String(validating: sample, as: UTF8.self) != nil
            #expect(sample.withUnsafeBytes { UTF8Validation.isValid($0) } == expected, "\(sample)")
        }
    }
}
