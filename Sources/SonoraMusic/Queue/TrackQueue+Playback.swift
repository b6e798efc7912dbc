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
        let storage: QueueStorage
        if repeatKind != .track || currentHandle == Self.noTrack {
            storage = unique()
            advance(storage)
        } else {
            storage = self.storage
        }
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
        let storage = unique()
        advance(storage)
        for _ in 1..<count {
            let skipped = storage.current
            guard skipped != Self.noTrack else { break }
            storage.current = storage.upcoming.popFirst() ?? Self.noTrack
            if repeatKind == .queue {
                storage.upcoming.append(skipped)
            } else {
                forget(skipped)
                storage.table.release(skipped)
            }
        }
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
        let storage = unique()
        let previous = storage.history.popLast().unsafelyUnwrapped
        if storage.current != Self.noTrack { storage.upcoming.prepend(storage.current) }
        let track = storage.table[previous]
        remember(track)
        storage.current = previous
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
    /// - Parameter storage: This queue's storage, already unique.
    @inline(__always)
    mutating func advance(_ storage: QueueStorage) {
        let finished = storage.current
        if finished != Self.noTrack {
            if repeatKind == .queue {
                // The finished track is both upcoming again and history: two slots.
                if options.historyCapacity > 0 { pushHistory(storage.table.add(storage.table[finished]), storage) }
                storage.upcoming.append(finished)
            } else {
                forget(finished)
                if options.historyCapacity > 0 { pushHistory(finished, storage) } else { storage.table.release(finished) }
            }
        }
        storage.current = storage.upcoming.popFirst() ?? Self.noTrack
    }

    /// Adds `handle` to the history, evicting (and releasing) the oldest entry when it is full.
    @inline(__always)
    func pushHistory(_ handle: UInt32, _ storage: QueueStorage) {
        if storage.history.count >= options.historyCapacity {
            storage.table.release(storage.history.popFirst().unsafelyUnwrapped)
        }
        storage.history.append(handle)
    }
}
