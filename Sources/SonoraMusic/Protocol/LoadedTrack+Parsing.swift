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
    ///
    /// The texts of the track and its `info` are copied into one box when the object ends.
    static func parse(
        _ scanner: inout JSONScanner, _ context: StaticString, _ order: inout TrackKeyOrder
    ) throws(MusicError) -> LoadedTrack {
        var texts = ParsedTexts()
        var hasInfo = false
        // Where `pluginInfo` and `userData` are in the body (`nil`: `{}`), kept as bytes once the track is read.
        var pluginInfo: Range<Int>?
        var userData: Range<Int>?
        let start = scanner.index
        var slot = 0
        var next = try scanner.readFirstField(&order.track, "a track")
        while let field = next {
            switch field {
            case TrackKeyOrder.encoded: try scanner.readText("a track's encoded", into: &texts, TrackBox.Slot.encoded)
            case TrackKeyOrder.info:
                try TrackInfo.parse(&scanner, &order.info, into: &texts)
                hasInfo = true
            case TrackKeyOrder.pluginInfo: pluginInfo = try scanner.skipLazyValue()
            case TrackKeyOrder.userData: userData = try scanner.skipLazyValue()
            default: try scanner.skipValue()
            }
            slot &+= 1
            next = try scanner.readNextField(&order.track, slot: slot, "a track")
        }
        guard texts.present & (1 << UInt8(TrackBox.Slot.encoded)) != 0 else {
            throw scanner.failure("the key 'encoded' is missing in the track at \(context)", at: start)
        }
        guard hasInfo else { throw scanner.failure("the key 'info' is missing in the track at \(context)", at: start) }
        return LoadedTrack(
            info: TrackInfo(box: texts.makeBox(scanner)), pluginInfo: scanner.lazyValue(pluginInfo),
            userData: scanner.lazyValue(userData))
    }

    /// Reads an array of track objects.
    /// - Throws: `invalidJSON`, naming the index of the failing track.
    static func parseArray(_ scanner: inout JSONScanner, _ context: StaticString) throws(MusicError) -> [LoadedTrack] {
        var tracks: [LoadedTrack] = []
        var order = TrackKeyOrder()
        try scanner.readArray(context) { scanner throws(MusicError) in
            do throws(MusicError) {
                let start = scanner.index
                let track = try parse(&scanner, context, &order)
                if tracks.capacity == 0 {
                    // The tracks of one body are alike: one allocation, before the first append, with room for
                    // as many more as the first one's size fits in the rest of the body, plus a quarter, so a
                    // list is neither grown from a one-element buffer nor copied on every doubling.
                    let size = max(scanner.index - start, 128)
                    let rest = scanner.size - scanner.index
                    tracks.reserveCapacity(1 + rest / size + rest / (4 * size))
                }
                tracks.append(track)
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
    /// Consumes a compact `{}` if it is right at the index (no whitespace), the common `pluginInfo` and `userData`.
    @inline(__always)
    mutating func skipCompactEmptyObject() -> Bool {
        guard index &+ 2 <= size, bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "}") else {
            return false
        }
        index += 2
        return true
    }

    /// Skips a value to keep as bytes; the common compact `{}` is recognised without scanning it as an object.
    /// - Returns: The value's bytes, or `nil` for a compact `{}`.
    @inline(__always)
    mutating func skipLazyValue() throws(MusicError) -> Range<Int>? {
        skipCompactEmptyObject() ? nil : try skipValue()
    }

    /// The value a track keeps for bytes that ``skipLazyValue()`` returned.
    @inline(__always)
    func lazyValue(_ range: Range<Int>?) -> LazyJSON {
        range.map { LazyJSON(checkedBytes: rawValue($0)) } ?? .emptyObject
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
        var texts = ParsedTexts()
        try parse(&scanner, &order, into: &texts)
        return TrackInfo(box: texts.makeBox(scanner))
    }

    /// Reads a track's `info` object into `texts` (slots 0–6 and the numbers), predicting its keys from `order`
    /// and updating it. A repeated `info` replaces the earlier one entirely.
    static func parse(_ scanner: inout JSONScanner, _ order: inout UInt64, into texts: inout ParsedTexts) throws(MusicError) {
        // Bits of the numbers seen: isSeekable, length, isStream, position.
        let seekableBit: UInt8 = 1, lengthBit: UInt8 = 2, streamBit: UInt8 = 4, positionBit: UInt8 = 8
        var numbers: UInt8 = 0
        texts.present &= 1 << UInt8(TrackBox.Slot.encoded)
        let start = scanner.index
        var slot = 0
        var next = try scanner.readFirstField(&order, "a track's info")
        while let field = next {
            switch field {
            case TrackKeyOrder.identifier: try scanner.readText("info.identifier", into: &texts, Slot.identifier)
            case TrackKeyOrder.isSeekable:
                texts.isSeekable = try scanner.readBoolFast("info.isSeekable")
                numbers |= seekableBit
            case TrackKeyOrder.author: try scanner.readText("info.author", into: &texts, Slot.author)
            case TrackKeyOrder.length:
                texts.length = try scanner.readInt64Fast("info.length")
                numbers |= lengthBit
            case TrackKeyOrder.isStream:
                texts.isStream = try scanner.readBoolFast("info.isStream")
                numbers |= streamBit
            case TrackKeyOrder.position:
                texts.position = try scanner.readInt64Fast("info.position")
                numbers |= positionBit
            case TrackKeyOrder.title: try scanner.readText("info.title", into: &texts, Slot.title)
            case TrackKeyOrder.uri:
                if scanner.skipNullFast() { texts.clear(Slot.uri) } else { try scanner.readText("info.uri", into: &texts, Slot.uri) }
            case TrackKeyOrder.artworkUrl:
                if scanner.skipNullFast() {
                    texts.clear(Slot.artworkUrl)
                } else {
                    try scanner.readText("info.artworkUrl", into: &texts, Slot.artworkUrl)
                }
            case TrackKeyOrder.isrc:
                if scanner.skipNullFast() { texts.clear(Slot.isrc) } else { try scanner.readText("info.isrc", into: &texts, Slot.isrc) }
            case TrackKeyOrder.sourceName: try scanner.readText("info.sourceName", into: &texts, Slot.sourceName)
            default: try scanner.skipValue()
            }
            slot &+= 1
            next = try scanner.readNextField(&order, slot: slot, "a track's info")
        }
        func missing(_ name: StaticString) -> MusicError {
            scanner.failure("the key '\(name)' is missing in a track's info", at: start)
        }
        func has(_ slot: Int) -> Bool { texts.present & (1 << UInt8(slot)) != 0 }
        guard has(Slot.identifier) else { throw missing("identifier") }
        guard numbers & seekableBit != 0 else { throw missing("isSeekable") }
        guard has(Slot.author) else { throw missing("author") }
        guard numbers & lengthBit != 0 else { throw missing("length") }
        guard numbers & streamBit != 0 else { throw missing("isStream") }
        guard numbers & positionBit != 0 else { throw missing("position") }
        guard has(Slot.title) else { throw missing("title") }
        guard has(Slot.sourceName) else { throw missing("sourceName") }
    }
}
