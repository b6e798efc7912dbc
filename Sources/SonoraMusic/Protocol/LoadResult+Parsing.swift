import Foundation

extension LoadResult {
    /// Decodes a `/v4/loadtracks` response body.
    ///
    /// Tolerant where Lavalink is: unknown keys anywhere are skipped, `empty` takes `data: {}`, `data: null` or
    /// no `data`, an unknown `loadType` is kept with its `data` in ``rawData``, and keys may come in any order.
    /// The tracks' `pluginInfo` and `userData` are kept as bytes and parsed when read.
    /// - Parameter json: The body.
    /// - Returns: The result.
    /// - Throws: ``MusicError`` `invalidJSON` naming the problem and its byte offset.
    /// - Complexity: O(*n*) in the size of the body.
    public static func decode(json: Data) throws(MusicError) -> LoadResult {
        try json.withUnsafeBytes { raw in
            Result { () throws(MusicError) -> LoadResult in try decode(bytes: raw) }
        }.get()
    }

    /// Decodes a `/v4/loadtracks` response body from raw memory.
    /// - Parameter bytes: The body.
    /// - Returns: The result.
    /// - Throws: As ``decode(json:)``.
    /// - Complexity: O(*n*) in the size of the body.
    public static func decode(bytes: UnsafeRawBufferPointer) throws(MusicError) -> LoadResult {
        var scanner = JSONScanner(bytes, what: "/v4/loadtracks response")
        var loadType: LoadType?
        var dataStart: Int?
        // `data` often comes before `loadType` (sorted keys); parse it with the load type the body ends with,
        // and parse it again only if the real `loadType` turns out to differ.
        var guess: LoadType?
        var early: LoadResult?
        if try scanner.beginObject("the body") {
            repeat {
            let key = try scanner.readKey("the body")
            if key == JSONKey.Known.loadType {
                loadType = LoadType(rawValue: try scanner.readString("loadType"))
            } else if key == JSONKey.Known.data {
                _ = scanner.peek()
                dataStart = scanner.index
                if let loadType {
                    guess = loadType
                    early = try parseData(&scanner, loadType)
                } else if let guessed = guessLoadType(bytes), let result = try? parseData(&scanner, guessed) {
                    guess = guessed
                    early = result
                } else {
                    guess = nil
                    early = nil
                    scanner.index = dataStart!
                    try scanner.skipValue()
                }
            } else {
                try scanner.skipValue()
            }
            } while try scanner.endMember("the body")
        }
        try scanner.expectEnd()
        guard let loadType else { throw scanner.failure("the key 'loadType' is missing", at: 0) }
        if guess == loadType, let early = early.take() { return early }
        guard let dataStart else {
            switch loadType {
            case .track, .search, .playlist, .error:
                throw scanner.failure("the key 'data' is missing for loadType '\(loadType)'", at: 0)
            default:
                return LoadResult(loadType: loadType)
            }
        }
        scanner.index = dataStart
        return try parseData(&scanner, loadType)
    }

    /// The `loadType` string near the end of the body (where sorted keys put it), or `nil`.
    ///
    /// Only a guess: ``decode(bytes:)`` checks it against the `loadType` it then reads.
    private static func guessLoadType(_ bytes: UnsafeRawBufferPointer) -> LoadType? {
        let key: StaticString = "\"loadType\""
        let keyCount = key.utf8CodeUnitCount
        var at = bytes.count - keyCount
        let lowest = max(0, bytes.count - 128)
        while at >= lowest {
            if JSONScanner.matches(UnsafeRawBufferPointer(rebasing: bytes[at..<(at + keyCount)]), key) {
                var scanner = JSONScanner(bytes, what: "")
                scanner.index = at + keyCount
                guard (try? scanner.expect(UInt8(ascii: ":"), "")) != nil else { return nil }
                return (try? scanner.readString("")).map(LoadType.init(rawValue:))
            }
            at -= 1
        }
        return nil
    }

    /// Reads `data` for a load type.
    private static func parseData(_ scanner: inout JSONScanner, _ loadType: LoadType) throws(MusicError) -> LoadResult {
        switch loadType {
        case .track:
            return LoadResult(loadType: loadType, tracks: [try LoadedTrack.parse(&scanner, "data")])
        case .search:
            return LoadResult(loadType: loadType, tracks: try LoadedTrack.parseArray(&scanner, "data"))
        case .playlist:
            var info: PlaylistInfo?
            var pluginInfo = JSONValue.emptyObject
            var tracks: [LoadedTrack]?
            let start = scanner.index
            if try scanner.beginObject("data (a playlist)") {
                repeat {
                    switch try scanner.readKey("data (a playlist)") {
                    case JSONKey.Known.tracks: tracks = try LoadedTrack.parseArray(&scanner, "data.tracks")
                    case JSONKey.Known.info: info = try PlaylistInfo.parse(&scanner)
                    case JSONKey.Known.pluginInfo: pluginInfo = try scanner.readEmptyObjectOrValue()
                    default: try scanner.skipValue()
                    }
                } while try scanner.endMember("data (a playlist)")
            }
            guard let info else { throw scanner.failure("the playlist's data.info is missing", at: start) }
            guard let tracks else { throw scanner.failure("the playlist's data.tracks is missing", at: start) }
            return LoadResult(loadType: loadType, tracks: tracks, playlist: info, pluginInfo: pluginInfo)
        case .error:
            return LoadResult(loadType: loadType, exception: try LavalinkException.parse(&scanner))
        case .empty:
            try scanner.skipValue()
            return LoadResult(loadType: loadType)
        default:
            return LoadResult(loadType: loadType, rawData: scanner.skipNull() ? nil : try scanner.readValue())
        }
    }
}

extension JSONScanner {
    /// Reads any value as ``readValue(depth:)`` does, recognising the common compact `{}` without building an object.
    @inline(__always)
    mutating func readEmptyObjectOrValue() throws(MusicError) -> JSONValue {
        skipCompactEmptyObject() ? .emptyObject : try readValue()
    }
}

extension LoadResult.PlaylistInfo {
    /// Reads a playlist's `info`: `name` and `selectedTrack` (-1 when absent).
    static func parse(_ scanner: inout JSONScanner) throws(MusicError) -> Self {
        var name: String?
        var selectedTrack = -1
        let start = scanner.index
        if try scanner.beginObject("data.info") {
            repeat {
                switch try scanner.readKey("data.info") {
                case JSONKey.Known.name: name = try scanner.readString("data.info.name")
                case JSONKey.Known.selectedTrack:
                    let value = try scanner.readInt64Fast("data.info.selectedTrack")
                    guard let index = Int(exactly: value) else { throw scanner.failure("data.info.selectedTrack is out of range") }
                    selectedTrack = index
                default: try scanner.skipValue()
                }
            } while try scanner.endMember("data.info")
        }
        guard let name else { throw scanner.failure("the key 'name' is missing in data.info", at: start) }
        return Self(name: name, selectedTrack: selectedTrack)
    }
}

extension LavalinkException {
    /// Reads an exception object: `message`, `severity`, `cause`, `causeStackTrace`.
    static func parse(_ scanner: inout JSONScanner) throws(MusicError) -> Self {
        var message: String?
        var severity: Severity?
        var cause: String?
        var causeStackTrace: String?
        let start = scanner.index
        if try scanner.beginObject("data (an exception)") {
            repeat {
                switch try scanner.readKey("data (an exception)") {
                case JSONKey.Known.message: message = try scanner.readOptionalString("data.message")
                case JSONKey.Known.severity: severity = Severity(rawValue: try scanner.readString("data.severity"))
                case JSONKey.Known.cause: cause = try scanner.readString("data.cause")
                case JSONKey.Known.causeStackTrace: causeStackTrace = try scanner.readOptionalString("data.causeStackTrace")
                default: try scanner.skipValue()
                }
            } while try scanner.endMember("data (an exception)")
        }
        guard let severity else { throw scanner.failure("the key 'severity' is missing in data", at: start) }
        guard let cause else { throw scanner.failure("the key 'cause' is missing in data", at: start) }
        return Self(message: message, severity: severity, cause: cause, causeStackTrace: causeStackTrace)
    }
}
