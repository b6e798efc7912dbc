extension TrackQueue {
    /// Ends the current track and makes the next one current, honoring ``repeatMode``.
    ///
    /// - ``RepeatMode/none``: the current track goes to the history; the first upcoming track becomes current.
    /// - ``RepeatMode/track``: the current track stays current (the history does not grow).
    /// - ``RepeatMode/queue``: as `none`, and the finished track is also appended to the end.
    /// - Returns: The new current track, or `nil` when the queue ran out.
    /// - Complexity: O(1) (amortized, for the history and repeat-queue appends).
    @discardableResult
    public mutating func next() -> Track? {
        if repeatKind != .track || storage.current == Self.noTrack { advance() }
        let handle = storage.current
        let track = handle == Self.noTrack ? nil : storage.table[handle]
        if let onEvent { onEvent(QueueEvent(kind: .advanced, track: track)) }
        return track
    }

    /// Skips `count` tracks, ignoring track repeat (as Lavalink4NET's default).
    ///
    /// The current track goes to the history; the `count - 1` upcoming tracks skipped over are dropped,
    /// or appended to the end under ``RepeatMode/queue``.
    /// - Parameter count: 1 to play the next track.
    /// - Returns: The new current track, or `nil` when the queue ran out.
    /// - Throws: `indexOutOfRange` when `count` is less than 1.
    /// - Complexity: O(*count*).
    @discardableResult
    public mutating func skip(_ count: Int = 1) throws(MusicError) -> Track? {
        guard count >= 1 else { throw MusicError(.indexOutOfRange, "skip count \(count) is less than 1") }
        if options.deduplicatesByIdentifier && repeatKind != .queue {
            // The tracks leaving the current and upcoming tracks: the current one and the count - 1 skipped over.
            if storage.current != Self.noTrack { forget(storage.current) }
            for index in 0..<Swift.min(count - 1, storage.upcoming.count) { forget(storage.upcoming[index]) }
        }
        makeUnique()
        storage.skip(count, queueRepeat: repeatKind == .queue, historyCapacity: options.historyCapacity)
        let track = current
        if let onEvent { onEvent(QueueEvent(kind: .advanced, count: count, track: track)) }
        return track
    }

    /// Goes back to the most recent history track; the current track returns to the front of the queue.
    /// - Returns: The new current track.
    /// - Throws: `historyEmpty` when there is no history.
    /// - Complexity: O(1) amortized.
    @discardableResult
    public mutating func back() throws(MusicError) -> Track {
        guard !historyHandles.isEmpty else {
            throw MusicError(.historyEmpty, "cannot go back: the history is empty")
        }
        makeUnique()
        let track = storage.back()
        remember(track)
        if let onEvent { onEvent(QueueEvent(kind: .advanced, track: track)) }
        return track
    }

    /// Shuffles the upcoming tracks in place with Fisher–Yates, drawing from `generator`.
    ///
    /// With a seeded generator such as ``SplitMix64`` the order is reproducible. Each draw is Lemire's
    /// bounded draw (one multiply, rarely a retry), and the swaps exchange 4-byte handles in one contiguous buffer.
    /// - Parameter generator: The source of randomness.
    /// - Complexity: O(*n*).
    @_specialize(where G == SplitMix64)
    @_specialize(where G == SystemRandomNumberGenerator)
    public mutating func shuffle<G: RandomNumberGenerator>(using generator: inout G) {
        let count = upcomingHandles.count
        unique().upcoming.withLiveHandles { buffer in
            var index = count - 1
            while index > 0 {
                let other = Int(truncatingIfNeeded: Self.boundedDraw(UInt64(index + 1), &generator))
                buffer.swapAt(index, other)
                index -= 1
            }
        }
        if let onEvent { onEvent(QueueEvent(kind: .shuffled, count: count)) }
    }

    /// A uniform draw in `0..<bound` (Lemire, "Fast Random Integer Generation in an Interval", 2019).
    @inline(__always)
    static func boundedDraw<G: RandomNumberGenerator>(_ bound: UInt64, _ generator: inout G) -> UInt64 {
        var product = generator.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = generator.next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// Shuffles the upcoming tracks with the system's random generator.
    /// - Complexity: O(*n*).
    public mutating func shuffle() {
        var generator = SystemRandomNumberGenerator()
        shuffle(using: &generator)
    }

    /// Moves the current track to the history (and the tail under repeat-queue) and takes the first upcoming track.
    @inline(__always)
    mutating func advance() {
        if options.deduplicatesByIdentifier && repeatKind != .queue && storage.current != Self.noTrack {
            forget(storage.current)
        }
        makeUnique()
        storage.advance(queueRepeat: repeatKind == .queue, historyCapacity: options.historyCapacity)
    }
}
