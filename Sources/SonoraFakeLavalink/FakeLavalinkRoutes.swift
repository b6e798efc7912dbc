import Foundation
import SonoraMusic

/// The answer to one request, before failure modes and latency are applied.
struct FakeLavalinkResponse: Sendable {
    var status: Int
    var contentType: String
    var body: String

    static func json(_ body: String, status: Int = 200) -> FakeLavalinkResponse {
        FakeLavalinkResponse(status: status, contentType: "application/json", body: body)
    }

    static func error(_ status: Int, _ reason: String, path: String, message: String) -> FakeLavalinkResponse {
        // Lavalink's error body shape (docs/api/rest.md "Error Responses").
        let millis = Int64(Date().timeIntervalSince1970 * 1000)
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return .json(
            #"{"timestamp":\#(millis),"status":\#(status),"error":"\#(reason)","message":"\#(escaped)","path":"\#(path)"}"#,
            status: status
        )
    }
}

/// Maps a request path and identifier to a response; pure, so it is tested without sockets.
struct FakeLavalinkRoutes: Sendable {
    let fixtures: FakeLavalinkFixtures
    let startTime: Date
    /// Generated playlist bodies, built on first use.
    let playlistCache = PlaylistCache()

    func respond(method: String, uri: String, authorization: String?, password: String) -> FakeLavalinkResponse {
        let components = URLComponents(string: uri)
        let path = components?.path ?? uri
        guard method == "GET" else {
            return .error(405, "Method Not Allowed", path: path, message: "only GET is served")
        }
        if path == "/version" {
            // `/version` is not authenticated in Lavalink and answers plain text.
            return FakeLavalinkResponse(status: 200, contentType: "text/plain", body: "4.0.0")
        }
        guard authorization == password else {
            return .error(401, "Unauthorized", path: path, message: "Authorization header missing or wrong")
        }
        switch path {
        case "/v4/info":
            return .json(fixtures.info)
        case "/v4/stats":
            let uptime = Int64(Date().timeIntervalSince(startTime) * 1000)
            return .json(
                #"{"players":0,"playingPlayers":0,"uptime":\#(uptime),"memory":{"free":123456789,"used":123456789,"allocated":246913578,"reservable":1073741824},"cpu":{"cores":2,"systemLoad":0.1,"lavalinkLoad":0.01}}"#
            )
        case "/v4/loadtracks":
            guard let identifier = components?.queryItems?.first(where: { $0.name == "identifier" })?.value,
                  !identifier.isEmpty
            else {
                return .error(400, "Bad Request", path: path, message: "query parameter 'identifier' is missing")
            }
            return .json(loadTracks(identifier))
        default:
            return .error(404, "Not Found", path: path, message: "no route for \(path)")
        }
    }

    /// The `/v4/loadtracks` body for an identifier (see `docs/music.md` for the list).
    func loadTracks(_ identifier: String) -> String {
        switch identifier {
        case "sonora:track": return fixtures.trackResult
        case "sonora:playlist": return fixtures.playlistResult
        case "sonora:search": return fixtures.searchResult
        case "sonora:error": return fixtures.errorResult
        case "sonora:empty": return #"{"loadType":"empty","data":{}}"#
        case "sonora:empty-null": return #"{"loadType":"empty","data":null}"#
        case "sonora:badtrack":
            return #"{"loadType":"track","data":{"encoded":"QAAAjQIAJVJpY2sgQXN0bGV5","info":{"identifier":"dQw4w9WgXcQ","isSeekable":true,"author":"RickAstleyVEVO","length":212000,"isStream":false,"position":0,"title":"Rick Astley - Never Gonna Give You Up","uri":null,"artworkUrl":null,"isrc":null,"sourceName":"youtube"},"pluginInfo":{},"userData":{}}}"#
        default: break
        }
        if identifier.hasPrefix("sonora:playlist:"), let count = Int(identifier.dropFirst("sonora:playlist:".count)),
           count >= 0 && count <= FakeLavalinkFixtures.maxPlaylistSize
        {
            return playlistCache.body(count: count) { fixtures.playlistJSON(count: count) }
        }
        for prefix in ["ytsearch:", "ytmsearch:", "scsearch:"] where identifier.hasPrefix(prefix) {
            return fixtures.searchJSON(query: String(identifier.dropFirst(prefix.count)), count: 5)
        }
        var id = identifier
        if let components = URLComponents(string: identifier), let video = components.queryItems?.first(where: { $0.name == "v" })?.value {
            id = video
        }
        if let index = fixtures.corpusIndex[id] {
            return #"{"loadType":"track","data":\#(fixtures.trackJSON(index))}"#
        }
        return #"{"loadType":"empty","data":{}}"#
    }
}
