import Foundation
import Testing
@testable import SonoraMusic

/// The hot-path shortcuts of issue 13's eighth round: one-word integers, escaped texts decoded straight into the
/// box, keys read with the byte before them, and known key orders. Each must give exactly what the general code gives.
@Suite struct ScannerShortcutTests {
    static let encoded = TrackCodecTests.rick
    static let names = [
        "encoded", "info", "pluginInfo", "userData", "identifier", "isSeekable", "author", "length", "isStream",
        "position", "title", "uri", "artworkUrl", "isrc", "sourceName",
    ]

    @Test func oneToSevenDigitsAreReadInOneWordAndAnythingElseIsLeftToTheDigitLoop() throws {
        var generator = SystemRandomNumberGenerator()
        for digits in 0...8 {
            for next in UInt8.min...UInt8.max where next &- UInt8(ascii: "0") >= 10 {
                let text = (0..<digits).map { _ in UInt8.random(in: UInt8(ascii: "0")...UInt8(ascii: "9"), using: &generator) }
                let bytes = (text + [next] + Array(repeating: UInt8(ascii: "7"), count: 8)).prefix(8)
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let read = JSONScanner.shortInteger(word)
                if digits >= 1 && digits <= 7 {
                    #expect(read?.digits == digits, "\(text) then \(next)")
                    #expect(read?.value == Int64(String(decoding: text, as: UTF8.self)), "\(text) then \(next)")
                } else {
                    #expect(read == nil, "\(digits) digits")
                }
            }
        }
    }

    /// A one-track search body whose `info` has `title` (and `author`) spelled as given.
    static func body(title: String, author: String = #""a""#, encoded: String = encoded) -> String {
        #"{"loadType":"search","data":[{"encoded":"\#(encoded)","info":{"identifier":"i","isSeekable":true,"author":\#(author),"length":1,"isStream":false,"position":0,"title":\#(title),"uri":null,"sourceName":"s"}}]}"#
    }

    @Test func escapedTextsInEveryFieldDecodeIntoTheBoxAsTheCodableDecoderReadsThem() throws {
        // Escapes of every kind, a surrogate pair, raw UTF-8 next to an escape, and an escaped `encoded`
        // (\u0051 is its first letter, Q).
        let info = #"{"identifier":"a\/b","isSeekable":true,"author":"\u00e9\"q\"","length":1,"isStream":false,"position":0,"title":"x\ud83c\udfb5 y é\n\t\\","uri":"https:\/\/e.com\/\u0041","artworkUrl":"\u0061","isrc":"\u00DF","sourceName":"s\u0000"}"#
        let encoded = "\\u0051" + Self.encoded.dropFirst()
        for track in [#"{"encoded":"\#(encoded)","info":\#(info)}"#, #"{"info":\#(info),"encoded":"\#(encoded)"}"#] {
            let array = "[\(track),\(track)]"
            let expected = try JSONDecoder().decode([LoadedTrack].self, from: Data(array.utf8))
            let result = try LoadResult.decode(json: Data(#"{"loadType":"search","data":\#(array)}"#.utf8))
            #expect(result.tracks == expected)
            let first = try #require(result.tracks.first)
            #expect(first.info.title == "x🎵 y é\n\t\\")
            #expect(first.info.author == "é\"q\"")
            #expect(first.info.isrc == "ß")
            #expect(first.info.sourceName == "s\u{0}")
            #expect(first.encoded == Self.encoded)
            #expect(try first.decoded().title == "Rick Astley - Never Gonna Give You Up")
        }
        // An unpaired surrogate becomes U+FFFD (Foundation's decoder on Linux refuses it, so no oracle here).
        let unpaired = try LoadResult.decode(json: Data(Self.body(title: #""\ud800y\ud83c""#, author: #""\udfb5é""#).utf8))
        #expect(unpaired.tracks.first?.info.title == "\u{FFFD}y\u{FFFD}")
        #expect(unpaired.tracks.first?.info.author == "\u{FFFD}é")
    }

    @Test func aBadEscapeOrInvalidUTF8InATrackTextFailsWhereItDidBefore() throws {
        // The message and the offset the general decoder gives: the escape's backslash, or the text's first byte.
        let cases: [(title: [UInt8], says: String, at: (Int) -> Int)] = [
            (Array(#""ab\qc""#.utf8), #"'\q' is not a JSON escape"#, { $0 + 3 }),
            (Array(#""ab\u12""#.utf8), "a \\u escape needs four hex digits", { $0 + 5 }),
            (Array(#""\"ab"#.utf8) + [0xC3] + Array(#"\n""#.utf8), "is not valid UTF-8", { $0 + 1 }),
            (Array(#""\u00e9"#.utf8) + [0x80] + Array(#"""#.utf8), "is not valid UTF-8", { $0 + 1 }),
        ]
        for (title, says, at) in cases {
            let body = Array(Self.body(title: "TITLE").utf8)
            let marker = try #require(body.firstRange(of: Array("TITLE".utf8)))
            let bytes = Array(body[..<marker.lowerBound]) + title + Array(body[marker.upperBound...])
            let error = try #require(throws: MusicError.self) { try LoadResult.decode(json: Data(bytes)) }
            #expect(error.code == .invalidJSON)
            #expect(error.message.contains(says), "\(error.message)")
            #expect(error.offset == at(marker.lowerBound), "\(error.message)")
        }
    }

    @Test func everyKeyTokenIsTheKeysCompactSpellingAfterItsSeparator() throws {
        for (field, name) in Self.names.enumerated() {
            let token = TrackKeyOrder.token(TrackKeyOrder.Field(field))
            for separator in [UInt8(ascii: "{"), UInt8(ascii: ",")] {
                let spelled = [separator] + Array(#""\#(name)":"#.utf8)
                #expect(token.count == spelled.count, "\(name)")
                let padded = spelled + Array(repeating: 0xFF, count: 16 - spelled.count)
                let low = padded.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let high = padded.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
                #expect((low ^ (token.low | UInt64(separator))) & token.lowMask | (high ^ token.high) & token.highMask == 0, "\(name)")
                // Without the separator: the key alone.
                let plain = token.withoutSeparator
                let alone = Array(padded.dropFirst()) + [0xFF]
                let plainLow = alone.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let plainHigh = alone.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
                #expect(plain.count == spelled.count - 1)
                #expect((plainLow ^ plain.low) & plain.lowMask | (plainHigh ^ plain.high) & plain.highMask == 0, "\(name)")
            }
        }
    }

    /// Reads one `info` object with `order` as the prediction, and returns the order it leaves.
    static func learn(_ info: String, from order: UInt64) throws -> UInt64 {
        var order = order
        var texts = ParsedTexts()
        try Array(info.utf8).withUnsafeBytes { raw in
            try Result { () throws(MusicError) in
                var scanner = JSONScanner(raw, what: "test")
                try TrackInfo.parse(&scanner, &order, into: &texts)
            }.get()
        }
        return order
    }

    @Test func aMissThatStartsAKnownInfoOrderPredictsTheRestOfItAndKeepsLearnedUnknownKeys() throws {
        let values = [
            "identifier": #""i""#, "isSeekable": "true", "author": #""a""#, "length": "1", "isStream": "false",
            "position": "0", "title": #""t""#, "uri": "null", "artworkUrl": "null", "isrc": "null", "sourceName": #""s""#,
        ]
        let lavalink = Self.names[4...].map { $0 }
        func info(_ keys: [String]) -> String { "{" + keys.map { #""\#($0)":\#(values[$0] ?? "1")"# }.joined(separator: ",") + "}" }
        // A sorted info object read with Lavalink's order: one miss, then the sorted order.
        #expect(try Self.learn(info(lavalink.sorted()), from: TrackKeyOrder.lavalinkInfo) == TrackKeyOrder.sortedInfo)
        #expect(try Self.learn(info(lavalink), from: TrackKeyOrder.sortedInfo) == TrackKeyOrder.lavalinkInfo)
        // An unknown key learned at slot 11 stays predicted there (four bits of 0xF), as learning key by key leaves it.
        let withUnknown = try Self.learn(info(lavalink + ["zzz"]), from: TrackKeyOrder.lavalinkInfo)
        #expect(withUnknown == TrackKeyOrder.lavalinkInfo | 0xF << 44)
        #expect(try Self.learn(info(lavalink.sorted()), from: withUnknown) == TrackKeyOrder.sortedInfo | 0xF << 44)
    }
}
