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
        if repeatMode == .track, let current {
            if let onEvent { onEvent(QueueEvent(kind: .advanced, track: current)) }
            return current
        }
        advance()
        if let onEvent { onEvent(QueueEvent(kind: .advanced, track: current)) }
        return current
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
        advance()
        for _ in 1..<count {
            guard let skipped = current else { break }
            current = upcoming.popFirst()
            if repeatMode == .queue { upcoming.append(skipped) } else { forget(skipped) }
        }
        if let onEvent { onEvent(QueueEvent(kind: .advanced, count: count, track: current)) }
        return current
    }

    /// Goes back to the most recent history track; the current track returns to the front of the queue.
    /// - Returns: The new current track.
    /// - Throws: `historyEmpty` when there is no history.
    /// - Complexity: O(1) amortized.
    @discardableResult
    public mutating func back() throws(MusicError) -> Track {
        guard let previous = history.popLast() else {
            throw MusicError(.historyEmpty, "cannot go back: the history is empty")
        }
        if let current { upcoming.prepend(current) }
        remember(previous)
        current = previous
        if let onEvent { onEvent(QueueEvent(kind: .advanced, track: previous)) }
        return previous
    }

    /// Shuffles the upcoming tracks in place with Fisher–Yates, drawing from `generator`.
    ///
    /// With a seeded generator such as ``SplitMix64`` the order is reproducible.
    /// - Parameter generator: The source of randomness.
    /// - Complexity: O(*n*).
    public mutating func shuffle(using generator: inout some RandomNumberGenerator) {
        var index = upcoming.count - 1
        while index > 0 {
            let other = Int.random(in: 0...index, using: &generator)
            if other != index { upcoming.swapAt(index, other) }
            index -= 1
        }
        if let onEvent { onEvent(QueueEvent(kind: .shuffled, count: upcoming.count)) }
    }

    /// Shuffles the upcoming tracks with the system's random generator.
    /// - Complexity: O(*n*).
    public mutating func shuffle() {
        var generator = SystemRandomNumberGenerator()
        shuffle(using: &generator)
    }

    /// Moves the current track to the history (and the tail under repeat-queue) and takes the first upcoming track.
    mutating func advance() {
        if let finished = current {
            if options.historyCapacity > 0 {
                if history.count >= options.historyCapacity { history.removeFirst() }
                history.append(finished)
            }
            if repeatMode == .queue { upcoming.append(finished) } else { forget(finished) }
        }
        current = upcoming.popFirst()
    }
}
