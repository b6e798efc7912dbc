extension LoadedTrack {
    /// Reads a track object: `encoded` and `info`, with `pluginInfo` and `userData` kept as bytes.
    /// - Parameters:
    ///   - scanner: The scanner, on the object.
    ///   - context: Where the object is, for errors (`"data"`).
    /// - Throws: `invalidJSON` for a malformed or incomplete track.
    static func parse(_ scanner: inout JSONScanner, _ context: StaticString) throws(MusicError) -> LoadedTrack {
        var encoded: String?
        var info: TrackInfo?
        var pluginInfo = LazyJSON.emptyObject
        var userData = LazyJSON.emptyObject
        let start = scanner.index
        if try scanner.beginObject("a track") {
            repeat {
                switch try scanner.readKey("a track") {
                case JSONKey.Known.encoded: encoded = try scanner.readString("a track's encoded")
                case JSONKey.Known.info: info = try TrackInfo.parse(&scanner)
                case JSONKey.Known.pluginInfo: pluginInfo = try scanner.readLazyValue()
                case JSONKey.Known.userData: userData = try scanner.readLazyValue()
                default: try scanner.skipValue()
                }
            } while try scanner.endMember("a track")
        }
        guard let encoded else { throw scanner.failure("the key 'encoded' is missing in the track at \(context)", at: start) }
        guard let info else { throw scanner.failure("the key 'info' is missing in the track at \(context)", at: start) }
        return LoadedTrack(encoded: encoded, info: info, pluginInfo: pluginInfo, userData: userData)
    }

    /// Reads an array of track objects.
    /// - Throws: `invalidJSON`, naming the index of the failing track.
    static func parseArray(_ scanner: inout JSONScanner, _ context: StaticString) throws(MusicError) -> [LoadedTrack] {
        var tracks: [LoadedTrack] = []
        try scanner.readArray(context) { scanner throws(MusicError) in
            do throws(MusicError) {
                let start = scanner.index
                tracks.append(try parse(&scanner, context))
                if tracks.count == 1 {
                    // The tracks of one body are alike: room for as many more as the first one's size fits in the
                    // rest of the body, plus a quarter, so a long list is not copied on every doubling.
                    let size = max(scanner.index - start, 128)
                    let rest = scanner.bytes.count - scanner.index
                    tracks.reserveCapacity(1 + rest / size + rest / (4 * size))
                }
            } catch {
                var error = error
                error.message += " (track \(tracks.count) of \(context))"
                throw error
            }
        }
        return tracks
    }
}

extension JSONScanner {
    /// Reads a value to keep as bytes; the common compact `{}` is recognised without scanning it as an object.
    @inline(__always)
    mutating func readLazyValue() throws(MusicError) -> LazyJSON {
        if index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "}") {
            index += 2
            return .emptyObject
        }
        return LazyJSON(checkedBytes: rawValue(try skipValue()))
    }

    /// The bytes of a value already scanned.
    func rawValue(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }
}

extension TrackInfo {
    /// Reads a track's `info` object; `uri`, `artworkUrl` and `isrc` may be `null` or absent.
    /// - Throws: `invalidJSON` naming a missing or mistyped field.
    static func parse(_ scanner: inout JSONScanner) throws(MusicError) -> TrackInfo {
        var identifier: String?, author: String?, title: String?, sourceName: String?
        var uri: String?, artworkUrl: String?, isrc: String?
        var isSeekable: Bool?, isStream: Bool?
        var length: Int64?, position: Int64?
        let start = scanner.index
        if try scanner.beginObject("a track's info") {
            repeat {
                switch try scanner.readKey("a track's info") {
                case JSONKey.Known.identifier: identifier = try scanner.readString("info.identifier")
                case JSONKey.Known.isSeekable: isSeekable = try scanner.readBool("info.isSeekable")
                case JSONKey.Known.author: author = try scanner.readString("info.author")
                case JSONKey.Known.length: length = try scanner.readInt64("info.length")
                case JSONKey.Known.isStream: isStream = try scanner.readBool("info.isStream")
                case JSONKey.Known.position: position = try scanner.readInt64("info.position")
                case JSONKey.Known.title: title = try scanner.readString("info.title")
                case JSONKey.Known.uri: uri = try scanner.readOptionalString("info.uri")
                case JSONKey.Known.artworkUrl: artworkUrl = try scanner.readOptionalString("info.artworkUrl")
                case JSONKey.Known.isrc: isrc = try scanner.readOptionalString("info.isrc")
                case JSONKey.Known.sourceName: sourceName = try scanner.readString("info.sourceName")
                default: try scanner.skipValue()
                }
            } while try scanner.endMember("a track's info")
        }
        func missing(_ name: StaticString) -> MusicError {
            scanner.failure("the key '\(name)' is missing in a track's info", at: start)
        }
        guard let identifier else { throw missing("identifier") }
        guard let isSeekable else { throw missing("isSeekable") }
        guard let author else { throw missing("author") }
        guard let length else { throw missing("length") }
        guard let isStream else { throw missing("isStream") }
        guard let position else { throw missing("position") }
        guard let title else { throw missing("title") }
        guard let sourceName else { throw missing("sourceName") }
        return TrackInfo(
            identifier: identifier, isSeekable: isSeekable, author: author, length: length, isStream: isStream,
            position: position, title: title, uri: uri, artworkUrl: artworkUrl, isrc: isrc, sourceName: sourceName)
    }

    /// Creates info from its fields.
    init(
        identifier: String, isSeekable: Bool, author: String, length: Int64, isStream: Bool, position: Int64,
        title: String, uri: String?, artworkUrl: String?, isrc: String?, sourceName: String
    ) {
        self.identifier = identifier
        self.isSeekable = isSeekable
        self.author = author
        self.length = length
        self.isStream = isStream
        self.position = position
        self.title = title
        self.uri = uri
        self.artworkUrl = artworkUrl
        self.isrc = isrc
        self.sourceName = sourceName
    }
}
