extension LoadedTrack {
    /// Reads a track object: `encoded` and `info`, with `pluginInfo` and `userData` kept as bytes.
    /// - Parameters:
    ///   - scanner: The scanner, on the object.
    ///   - context: Where the object is, for errors (`"data"`).
    /// - Throws: `invalidJSON` for a malformed or incomplete track.
    static func parse(_ scanner: inout JSONScanner, _ context: StaticString) throws(MusicError) -> LoadedTrack {
        var order = TrackKeyOrder()
        return try parse(&scanner, context, &order)
    }

    /// Reads a track object, predicting its keys from `order` (the previous track's) and updating it.
    static func parse(
        _ scanner: inout JSONScanner, _ context: StaticString, _ order: inout TrackKeyOrder
    ) throws(MusicError) -> LoadedTrack {
        var encoded: String?
        var info: TrackInfo?
        var pluginInfo = LazyJSON.emptyObject
        var userData = LazyJSON.emptyObject
        let start = scanner.index
        if try scanner.beginObject("a track") {
            var slot = 0
            repeat {
                switch try scanner.readField(&order.track, slot: slot, "a track") {
                case TrackKeyOrder.encoded: encoded = try scanner.readStringFast("a track's encoded")
                case TrackKeyOrder.info: info = try TrackInfo.parse(&scanner, &order.info)
                case TrackKeyOrder.pluginInfo: pluginInfo = try scanner.readLazyValue()
                case TrackKeyOrder.userData: userData = try scanner.readLazyValue()
                default: try scanner.skipValue()
                }
                slot &+= 1
            } while try scanner.nextMember("a track")
        }
        guard let encoded = consume encoded else { throw scanner.failure("the key 'encoded' is missing in the track at \(context)", at: start) }
        guard let info = consume info else { throw scanner.failure("the key 'info' is missing in the track at \(context)", at: start) }
        return LoadedTrack(encoded: encoded, info: info, pluginInfo: pluginInfo, userData: userData)
    }

    /// Reads an array of track objects.
    /// - Throws: `invalidJSON`, naming the index of the failing track.
    static func parseArray(_ scanner: inout JSONScanner, _ context: StaticString) throws(MusicError) -> [LoadedTrack] {
        var tracks: [LoadedTrack] = []
        var order = TrackKeyOrder()
        try scanner.readArray(context) { scanner throws(MusicError) in
            do throws(MusicError) {
                let start = scanner.index
                tracks.append(try parse(&scanner, context, &order))
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
        var order = TrackKeyOrder().info
        return try parse(&scanner, &order)
    }

    /// Reads a track's `info` object, predicting its keys from `order` and updating it.
    static func parse(_ scanner: inout JSONScanner, _ order: inout UInt64) throws(MusicError) -> TrackInfo {
        var identifier: String?, author: String?, title: String?, sourceName: String?
        var uri: String?, artworkUrl: String?, isrc: String?
        var isSeekable: Bool?, isStream: Bool?
        var length: Int64?, position: Int64?
        let start = scanner.index
        if try scanner.beginObject("a track's info") {
            var slot = 0
            repeat {
                switch try scanner.readField(&order, slot: slot, "a track's info") {
                case TrackKeyOrder.identifier: identifier = try scanner.readStringFast("info.identifier")
                case TrackKeyOrder.isSeekable: isSeekable = try scanner.readBoolFast("info.isSeekable")
                case TrackKeyOrder.author: author = try scanner.readStringFast("info.author")
                case TrackKeyOrder.length: length = try scanner.readInt64Fast("info.length")
                case TrackKeyOrder.isStream: isStream = try scanner.readBoolFast("info.isStream")
                case TrackKeyOrder.position: position = try scanner.readInt64Fast("info.position")
                case TrackKeyOrder.title: title = try scanner.readStringFast("info.title")
                case TrackKeyOrder.uri: uri = scanner.skipNullFast() ? nil : try scanner.readStringFast("info.uri")
                case TrackKeyOrder.artworkUrl:
                    artworkUrl = scanner.skipNullFast() ? nil : try scanner.readStringFast("info.artworkUrl")
                case TrackKeyOrder.isrc: isrc = scanner.skipNullFast() ? nil : try scanner.readStringFast("info.isrc")
                case TrackKeyOrder.sourceName: sourceName = try scanner.readStringFast("info.sourceName")
                default: try scanner.skipValue()
                }
                slot &+= 1
            } while try scanner.nextMember("a track's info")
        }
        func missing(_ name: StaticString) -> MusicError {
            scanner.failure("the key '\(name)' is missing in a track's info", at: start)
        }
        guard let identifier = consume identifier else { throw missing("identifier") }
        guard let isSeekable = consume isSeekable else { throw missing("isSeekable") }
        guard let author = consume author else { throw missing("author") }
        guard let length = consume length else { throw missing("length") }
        guard let isStream = consume isStream else { throw missing("isStream") }
        guard let position = consume position else { throw missing("position") }
        guard let title = consume title else { throw missing("title") }
        guard let sourceName = consume sourceName else { throw missing("sourceName") }
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
