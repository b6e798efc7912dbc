import Foundation
import Testing
@testable import SonoraMusic

@Suite struct TrackCodecTests {
    @Test func everyVectorDecodesToItsExpectedFieldsAndReencodesByteForByte() throws {
        let vectors = try FixtureFiles.vectors().filter { !$0.mustFail }
        #expect(vectors.count == 52)
        for vector in vectors {
            let track = try TrackCodec.decode(vector.encoded)
            #expect(try TrackCodec.encode(track) == vector.encoded, "\(vector.testDescription)")
            guard let expected = vector.expected else { continue }
            #expect(Int(track.version) == expected.version)
            #expect(track.title == expected.title)
            #expect(track.author == expected.author)
            #expect(track.length == expected.length)
            #expect(track.identifier == expected.identifier)
            #expect(track.isStream == expected.isStream)
            #expect(track.uri == expected.uri)
            #expect(track.sourceName == expected.sourceName)
            #expect(track.position == expected.position)
            if case .some(let artworkUrl) = expected.artworkUrl { #expect(track.artworkUrl == artworkUrl) }
            if case .some(let isrc) = expected.isrc { #expect(track.isrc == isrc) }
            if let probeInfo = expected.probeInfo { #expect(track.probeInfo == probeInfo) }
            if let isPreview = expected.isPreview {
                let fields = try #require(track.lavaSrcFields, "\(vector.testDescription)")
                #expect(fields.isPreview == isPreview)
                if case .some(let value) = expected.albumName { #expect(fields.albumName == value) }
                if case .some(let value) = expected.albumUrl { #expect(fields.albumUrl == value) }
                if case .some(let value) = expected.artistUrl { #expect(fields.artistUrl == value) }
                if case .some(let value) = expected.artistArtworkUrl { #expect(fields.artistArtworkUrl == value) }
                if case .some(let value) = expected.previewUrl { #expect(fields.previewUrl == value) }
            }
        }
    }

    @Test func theMustFailVectorWithStandardUTF8EmojiIsRejectedAtTheEmoji() throws {
        let vector = try #require(try FixtureFiles.vectors().first(where: \.mustFail))
        let error = try #require(throws: MusicError.self) { try TrackCodec.decode(vector.encoded) }
        #expect(error.code == .invalidModifiedUTF8)
        // Header 4 + version 1 + length prefix 2 = title starts at 7; the F0 lead byte is the title's 50th byte.
        #expect(error.offset == 56)
    }

    @Test func allCorpusTracksRoundTripByteForByte() throws {
        let corpus = try FixtureFiles.lines("corpus-encoded.txt")
        #expect(corpus.count == 6591)
        var mismatches: [String] = []
        for encoded in corpus where try TrackCodec.encode(try TrackCodec.decode(encoded)) != encoded {
            mismatches.append(encoded)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) corpus tracks did not round-trip")
    }

    @Test func corpusStreamsAndNonASCIITitlesDecode() throws {
        let tracks = try FixtureFiles.lines("corpus-encoded.txt").map { try TrackCodec.decode($0) }
        #expect(tracks.allSatisfy { $0.version == 2 && $0.sourceName == "youtube" })
        // track-format.md §8: 864 tracks have non-ASCII title/author, 14 a non-zero position.
        #expect(tracks.filter { !($0.title + $0.author).allSatisfy(\.isASCII) }.count == 864)
        #expect(tracks.filter { $0.position != 0 }.count == 14)
    }

    @Test func nulIsWrittenAsC080AndEmojiAsASurrogatePair() throws {
        let track = Track(title: "a\u{0}b🌿", author: "x", length: 1, identifier: "id", isStream: false, sourceName: "manual")
        let bytes = try TrackCodec.encodeBytes(track)
        // Header 4, version 1, u16 length, then the title bytes.
        let titleCount = Int(bytes[5]) << 8 | Int(bytes[6])
        #expect(Array(bytes[7..<(7 + titleCount)]) == [0x61, 0xC0, 0x80, 0x62, 0xED, 0xA0, 0xBC, 0xED, 0xBC, 0xBF])
        #expect(try TrackCodec.decode(TrackCodec.encode(track)) == track)
    }

    @Test func versionOneTracksHaveNoVersionByteAndNoUri() throws {
        let track = Track(title: "t", author: "a", length: 5, identifier: "i", isStream: true, uri: nil, sourceName: "youtube", version: 1)
        let bytes = try TrackCodec.encodeBytes(track)
        #expect(bytes[0] == 0x00)
        #expect(bytes[4] == 0x00 && bytes[5] == 0x01)  // the title's length prefix comes right after the header
        let decoded = try TrackCodec.decode(TrackCodec.encode(track))
        #expect(decoded.version == 1 && decoded.title == "t" && decoded.isStream)
    }

    @Test func probeInfoAndLavaSrcFieldsEncodeIntoSourceSpecificBytes() throws {
        let http = Track(
            title: "t", author: "a", length: 1, identifier: "u", isStream: false, uri: "u", sourceName: "http",
            sourceSpecificBytes: try Track.probeInfoBytes("mp3"), version: 2
        )
        #expect(try TrackCodec.decode(TrackCodec.encode(http)).probeInfo == "mp3")
        let fields = LavaSrcFields(albumName: "Album", albumUrl: nil, artistUrl: "https://a", previewUrl: nil, isPreview: true)
        let spotify = Track(
            title: "t", author: "a", length: 1, identifier: "s", isStream: false, sourceName: "spotify",
            sourceSpecificBytes: try Track.lavaSrcBytes(fields)
        )
        #expect(try TrackCodec.decode(TrackCodec.encode(spotify)).lavaSrcFields == fields)
    }

    // MARK: Errors, each with its offset

    static let rick = "QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA=="

    private func failure(_ encoded: String) throws -> MusicError {
        try #require(throws: MusicError.self) { try TrackCodec.decode(encoded) }
    }

    private func failure(bytes: [UInt8]) throws -> MusicError {
        try #require(throws: MusicError.self) { try TrackCodec.decode(bytes: bytes) }
    }

    private var rickBytes: [UInt8] { [UInt8](Data(base64Encoded: Self.rick)!) }

    @Test func textOutsideTheBase64AlphabetIsNotBase64AtItsCharacter() throws {
        let error = try failure("QAAA" + "jQ-I" + Self.rick.dropFirst(8))
        #expect(error.code == .notBase64)
        #expect(error.offset == 6)
        #expect(try failure("QAAAjQI").code == .notBase64)
        #expect(try failure("QAA=").code == .truncated)
        #expect(try failure("QAB=").code == .notBase64)  // non-zero bits under the padding
    }

    @Test func aMessageShorterThanItsHeaderSaysIsASizeMismatch() throws {
        let error = try failure(bytes: Array(rickBytes.dropLast(3)))
        #expect(error.code == .sizeMismatch)
        #expect(error.offset == 0)
    }

    @Test func extraBytesAfterTheMessageAreTrailingGarbageAtTheirOffset() throws {
        let bytes = rickBytes
        let error = try failure(bytes: bytes + [0, 1])
        #expect(error.code == .trailingGarbage)
        #expect(error.offset == bytes.count)
    }

    @Test func aFieldRunningPastTheMessageIsTruncated() throws {
        var bytes = rickBytes
        bytes[5] = 0xFF  // the title claims 0xFF25 bytes
        let error = try failure(bytes: bytes)
        #expect(error.code == .truncated)
        #expect(error.offset == 7)
        #expect(try failure(bytes: [0x40, 0, 0]).code == .truncated)
        #expect(try failure(bytes: [0x40, 0, 0, 0]).code == .truncated)
    }

    @Test func aVersionAboveThreeIsUnsupported() throws {
        var bytes = rickBytes
        bytes[4] = 4
        let error = try failure(bytes: bytes)
        #expect(error.code == .unsupportedVersion)
        #expect(error.offset == 4)
    }

    @Test func invalidModifiedUTF8IsRejectedAtTheBadByte() throws {
        var bytes = rickBytes
        for (bad, code) in [(UInt8(0x00), MusicError.Code.invalidModifiedUTF8), (0xF0, .invalidModifiedUTF8), (0x80, .invalidModifiedUTF8)] {
            bytes = rickBytes
            bytes[10] = bad  // inside the title
            let error = try failure(bytes: bytes)
            #expect(error.code == code)
            #expect(error.offset == 10)
        }
        // An unpaired high surrogate (ED A0 80) followed by ASCII.
        bytes = rickBytes
        bytes[10] = 0xED; bytes[11] = 0xA0; bytes[12] = 0x80
        #expect(try failure(bytes: bytes).code == .invalidModifiedUTF8)
    }

    @Test func aBooleanByteOtherThanZeroOrOneIsRejected() throws {
        var bytes = rickBytes
        // isStream follows: header 4, version 1, title 2+37, author 2+14, length 8, identifier 2+11 = offset 81.
        #expect(bytes[81] == 0)
        bytes[81] = 2
        let error = try failure(bytes: bytes)
        #expect(error.code == .invalidBoolean)
        #expect(error.offset == 81)
    }

    @Test func everyPrefixAndSingleByteCorruptionOfARealTrackFailsCleanlyOrRoundTrips() throws {
        let original = rickBytes
        for cut in 0..<original.count {
            #expect(throws: MusicError.self) { try TrackCodec.decode(bytes: Array(original[..<cut])) }
        }
        for index in original.indices {
            for value: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xC0, 0xED, 0xFF] {
                var bytes = original
                bytes[index] = value
                if let track = try? TrackCodec.decode(bytes: bytes) {
                    #expect(try TrackCodec.encodeBytes(track) == bytes)
                }
            }
        }
    }

    @Test func trackJSONRoundTripsThroughRenderAndParse() throws {
        for vector in try FixtureFiles.vectors() where !vector.mustFail {
            let track = try TrackCodec.decode(vector.encoded)
            let json = TrackJSON.render(track)
            #expect(try TrackCodec.encode(TrackJSON.parse(Data(json.utf8))) == vector.encoded)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            for key in ["title", "author", "length", "identifier", "isStream", "uri", "artworkUrl", "isrc", "sourceName", "position", "version"] {
                #expect(object.keys.contains(key), "missing \(key)")
            }
        }
    }
}
