import Foundation
import Testing
@testable import SonoraMusic

@Suite struct LoadResultTests {
    @Test func everyLoadtracksFixtureDecodesAndItsTracksDecodeToTheirInfo() throws {
        let files = try FixtureFiles.files(in: "loadtracks")
        #expect(files.count == 9)
        for file in files {
            let result = try LoadResult.decode(json: FixtureFiles.data(file))
            for loaded in result.tracks {
                let track = try loaded.decoded()
                #expect(track.title == loaded.info.title, "\(file)")
                #expect(track.identifier == loaded.info.identifier, "\(file)")
                #expect(track.sourceName == loaded.info.sourceName, "\(file)")
            }
        }
    }

    @Test func eachLoadTypeCarriesItsData() throws {
        let track = try LoadResult.decode(json: FixtureFiles.data("loadtracks/lavalink4net-test_v4_loadtracks_track.json"))
        #expect(track.loadType == .track && track.tracks.count == 1)
        let playlist = try LoadResult.decode(json: FixtureFiles.data("loadtracks/lavalink4net-test_v4_loadtracks_playlist.json"))
        #expect(playlist.loadType == .playlist)
        #expect(playlist.playlist == LoadResult.PlaylistInfo(name: "Top Songs of 2022", selectedTrack: -1))
        #expect(playlist.tracks.count == 1 && playlist.pluginInfo == .emptyObject)
        let search = try LoadResult.decode(json: FixtureFiles.data("loadtracks/lavalink4net-test_v4_loadtracks_search.json"))
        #expect(search.loadType == .search && search.tracks.count == 2)
        let error = try LoadResult.decode(json: FixtureFiles.data("loadtracks/lavalink-protocol-test_loadresult_1_error.json"))
        #expect(error.loadType == .error && error.exception?.severity == .common)
        #expect(error.exception?.message == "The uploader has not made this video available in your country.")
    }

    @Test func emptyIsAcceptedWithEmptyObjectNullOrNoData() throws {
        for body in [#"{"loadType":"empty","data":{}}"#, #"{"loadType":"empty","data":null}"#, #"{"loadType":"empty"}"#] {
            let result = try LoadResult.decode(json: Data(body.utf8))
            #expect(result.loadType == .empty && result.tracks.isEmpty)
        }
        #expect(try LoadResult.decode(json: FixtureFiles.data("loadtracks/lavalink-protocol-test_loadresult_2_empty.json")).loadType == .empty)
        #expect(try LoadResult.decode(json: FixtureFiles.data("loadtracks/lavalink-docs-example_rest_empty-result-data.txt")).loadType == .empty)
    }

    @Test func unknownKeysAreIgnoredAndPluginInfoAndUserDataAreKept() throws {
        // The protocol fixture has an extra top-level "exception": null key.
        let result = try LoadResult.decode(json: FixtureFiles.data("loadtracks/lavalink-protocol-test_loadresult_0_track.json"))
        #expect(result.loadType == .track)
        let body = #"{"loadType":"track","future":1,"data":{"encoded":"QAAAMwMABXZpZGVvAAZhdXRob3IAAAAAAAAnEAAFdmlkZW8AAAAAAAZtYW51YWwAAAAAAAAnEA==","info":{"identifier":"video","isSeekable":true,"author":"author","length":10000,"isStream":false,"position":10000,"title":"video","uri":null,"sourceName":"manual","extra":[1]},"pluginInfo":{"save_uri":"x","n":[1,true,null]},"userData":{"requester":42}}}"#
        let track = try #require(try LoadResult.decode(json: Data(body.utf8)).tracks.first)
        #expect(track.pluginInfo["save_uri"] == .string("x"))
        #expect(track.pluginInfo["n"] == .array([.number(1), .bool(true), .null]))
        #expect(track.userData["requester"] == .number(42))
    }

    @Test func anUnknownLoadTypeIsKeptWithItsRawData() throws {
        let result = try LoadResult.decode(json: Data(#"{"loadType":"lyrics","data":{"text":"la"}}"#.utf8))
        #expect(result.loadType == LoadResult.LoadType(rawValue: "lyrics"))
        #expect(result.rawData?["text"] == .string("la"))
    }

    @Test func aBodyThatIsNotJSONOrMissesKeysNamesTheProblem() throws {
        let garbage = try #require(throws: MusicError.self) { try LoadResult.decode(json: Data("<html>".utf8)) }
        #expect(garbage.code == .invalidJSON)
        let missing = try #require(throws: MusicError.self) {
            try LoadResult.decode(json: Data(#"{"loadType":"playlist","data":{"tracks":[]}}"#.utf8))
        }
        #expect(missing.code == .invalidJSON)
        #expect(missing.message.contains("info"))
    }

    @Test func statsAndInfoFixturesDecode() throws {
        for file in ["lavalink-protocol-test_stats_0.json", "lavalink4net-test_v4_stats.json", "lavalink-docs-example_rest_get-lavalink-stats.json"] {
            let stats = try NodeStats.decode(json: FixtureFiles.data(file))
            #expect(stats.cpu.cores > 0 && stats.frameStats == nil, "\(file)")
        }
        for file in ["lavalink-protocol-test_info_0.json", "lavalink4net-test_v4_info.json", "lavalink-docs-example_rest_get-lavalink-info.json"] {
            let info = try NodeInfo.decode(json: FixtureFiles.data(file))
            #expect(info.version.major == 3 && info.sourceManagers.contains("youtube"), "\(file)")
        }
    }
}

@Suite struct WebSocketMessageTests {
    @Test func everyWebsocketFixtureDecodesToItsOp() throws {
        let files = try FixtureFiles.files(in: "websocket")
        #expect(files.count == 16)
        for file in files {
            let message = try WebSocketMessage.decode(json: FixtureFiles.data(file))
            let set = [message.ready != nil, message.playerUpdate != nil, message.stats != nil, message.event != nil]
            #expect(set.filter { $0 }.count == 1, "\(file)")
            if let track = message.event?.track { #expect(try track.decoded().identifier == "dQw4w9WgXcQ") }
        }
    }

    @Test func readyPlayerUpdateAndStatsCarryTheirFields() throws {
        let ready = try WebSocketMessage.decode(json: FixtureFiles.data("websocket/lavalink-protocol-test_wsmessage_0_ready.json"))
        #expect(ready.op == .ready && ready.ready?.resumed == false && ready.ready?.sessionId == "...")
        let update = try WebSocketMessage.decode(json: FixtureFiles.data("websocket/lavalink-protocol-test_wsmessage_1_playerUpdate.json"))
        #expect(update.playerUpdate?.state.position == 60000 && update.playerUpdate?.state.ping == 50)
        let stats = try WebSocketMessage.decode(json: FixtureFiles.data("websocket/lavalink-docs-example_websocket_stats-op.json"))
        #expect(stats.stats?.frameStats?.deficit == -3010)
    }

    @Test func eventsCarryReasonExceptionThresholdAndCloseCode() throws {
        func event(_ file: String) throws -> PlayerEvent {
            try #require(try WebSocketMessage.decode(json: FixtureFiles.data("websocket/" + file)).event)
        }
        #expect(try event("lavalink-protocol-test_wsmessage_3_event.json").type == .trackStart)
        let end = try event("lavalink-protocol-test_wsmessage_4_event.json")
        #expect(end.type == .trackEnd && end.reason == .finished && end.reason?.mayStartNext == true)
        let exception = try event("lavalink-protocol-test_wsmessage_5_event.json")
        #expect(exception.type == .trackException && exception.exception?.severity == .common)
        let stuck = try event("lavalink-protocol-test_wsmessage_6_event.json")
        #expect(stuck.type == .trackStuck && stuck.thresholdMs == 123_456_789)
        let closed = try event("lavalink-protocol-test_wsmessage_7_event.json")
        #expect(closed.type == .webSocketClosed && closed.code == 4006 && closed.byRemote == true)
        #expect(closed.closeReason == "Your session is no longer valid." && closed.reason == nil)
    }
}
