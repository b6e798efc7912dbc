import Foundation
import Testing
@testable import SonoraMusic

/// Issue 17, fourth round: ``Track`` and ``TrackInfo`` share one field list (`TrackFields`). Each test would fail if
/// the shared list lost a track-only field, took on an info-only one, or read or wrote a key Lavalink's `info`
/// does not have.
@Suite struct TrackFieldsTests {
    @Test func infoEncodesLavalinksKeysWithoutTheTrackOnlyFields() throws {
        var track = try TrackCodec.decode(TrackCodecTests.rick)
        track.sourceSpecificBytes = [1, 2, 3]
        track.isrc = "ISRC1"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // Foundation's encoder on Linux keeps no key order of its own
        let json = String(decoding: try encoder.encode(TrackInfo(track)), as: UTF8.self)
        #expect(json == #"{"author":"RickAstleyVEVO","identifier":"dQw4w9WgXcQ","isSeekable":true,"isStream":false,"isrc":"ISRC1","length":212000,"position":0,"sourceName":"youtube","title":"Rick Astley - Never Gonna Give You Up","uri":"https:\/\/www.youtube.com\/watch?v=dQw4w9WgXcQ"}"#)
        // A key the info form does not have is not read either.
        let withVersion = json.dropLast() + #","version":"x","flags":"y"}"#
        #expect(try JSONDecoder().decode(TrackInfo.self, from: Data(withVersion.utf8)) == TrackInfo(track))
        // The info-only and track-only defaults do not make Lavalink's keys optional.
        for key in ["isSeekable", "position"] {
            let without = json.replacingOccurrences(of: #""\#(key)":"#, with: #""x\#(key)":"#)
            #expect(throws: DecodingError.self, "\(key)") { try JSONDecoder().decode(TrackInfo.self, from: Data(without.utf8)) }
        }
    }

    @Test func changingATrackFieldKeepsItsVersionFlagsAndSourceBytes() throws {
        var track = Track(
            title: "t", author: "a", length: 5, identifier: "i", isStream: true, uri: "u", sourceName: "http",
            sourceSpecificBytes: try Track.probeInfoBytes("mp3"), position: 7, version: 2)
        let encoded = try TrackCodec.encode(track)
        track.title = "t2"
        #expect(track.version == 2 && track.flags == 1 && track.probeInfo == "mp3" && track.position == 7)
        track.title = "t"
        #expect(try TrackCodec.encode(track) == encoded)
    }

    @Test func anInfoFromAStreamIsNotSeekableAndItsSettersKeepThat() throws {
        let stream = Track(title: "live", author: "a", length: .max, identifier: "i", isStream: true, sourceName: "twitch")
        var info = TrackInfo(stream)
        #expect(!info.isSeekable && info.isStream && info.length == .max)
        info.isSeekable = true
        info.author = "b"
        #expect(info.isSeekable && info.author == "b" && info.title == "live" && info.sourceName == "twitch")
    }
}
