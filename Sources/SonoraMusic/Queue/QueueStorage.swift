/// A ``TrackQueue``'s tracks and handles in one heap object, so that a mutation checks uniqueness once.
///
/// The queue is a value: ``TrackQueue`` copies this object before its first change when another queue
/// shares it (copy-on-write), and the buffers inside are plain memory that only this object owns and frees.
///
/// `@unchecked Sendable`: a storage is only ever mutated while uniquely referenced by one queue (the
/// copy-on-write check), so a storage two queues or threads share is immutable. The properties skip
/// dynamic exclusivity checks for the same reason: only the unique owner's `mutating` methods touch them.
final class QueueStorage: @unchecked Sendable {
    /// Every track the queue holds (current, upcoming, history), each once.
    @exclusivity(unchecked) var table = TrackTable()
    /// The upcoming tracks' handles, in order.
    @exclusivity(unchecked) var upcoming = HandleBuffer()
    /// The history's handles, oldest first.
    @exclusivity(unchecked) var history: HandleBuffer
    /// The handle of the current track, or ``TrackQueue/noTrack``.
    @exclusivity(unchecked) var current = TrackQueue.noTrack

    /// An empty storage whose history has room for `historyCapacity` entries (up to 256) and 256 more, so a
    /// playing queue's history never allocates, and a full one, which drops a handle at the front for each one it
    /// adds at the back, slides its handles back to the middle only once in about 128 steps.
    init(historyCapacity: Int) {
        history = HandleBuffer(capacity: historyCapacity > 0 ? Swift.min(historyCapacity, 256) + 256 : 0)
    }

    /// A copy of `other` with its own buffers.
    init(copying other: QueueStorage) {
        table = other.table.copy()
        upcoming = other.upcoming.copy()
        history = other.history.copy()
        current = other.current
    }

    deinit {
        table.deallocate()
        upcoming.deallocate()
        history.deallocate()
    }
}

extension QueueStorage {
    /// Adds a track at the end of the upcoming tracks.
    @inline(__always)
    func append(_ track: Track) {
        upcoming.append(table.add(track))
    }

    /// ``TrackQueue/next()``'s change: the current track to the history (and to the tail when `queueRepeat`),
    /// the first upcoming track to current. The caller has already forgotten the finished track's identifier.
    @inline(__always)
    func advance(queueRepeat: Bool, historyCapacity: Int) {
        prefetchUpcoming()
        let finished = current
        if finished != TrackQueue.noTrack {
            if queueRepeat {
                // The finished track is both upcoming again and history: two slots.
                if historyCapacity > 0 { pushHistory(table.add(table[finished]), historyCapacity: historyCapacity) }
                upcoming.append(finished)
            } else if historyCapacity > 0 {
                pushHistory(finished, historyCapacity: historyCapacity)
            } else {
                table.release(finished)
            }
        }
        current = upcoming.popFirst() ?? TrackQueue.noTrack
    }

    /// Adds `handle` to the history, evicting (and releasing) the oldest entry when it is full.
    @inline(__always)
    func pushHistory(_ handle: UInt32, historyCapacity: Int) {
        if history.count >= historyCapacity {
            table.release(history.popFirst().unsafelyUnwrapped)
        }
        history.append(handle)
    }

    /// ``TrackQueue/skip(_:)``'s change: ``advance(queueRepeat:historyCapacity:)``, then `count - 1` upcoming
    /// tracks dropped (or moved to the tail when `queueRepeat`).
    func skip(_ count: Int, queueRepeat: Bool, historyCapacity: Int) {
        // The boxes `prefetchDistance` ahead of the skipped-over tracks (advance does the first).
        for offset in 1..<Swift.min(count, Self.maximumPrefetches) { prefetchUpcoming(after: offset) }
        advance(queueRepeat: queueRepeat, historyCapacity: historyCapacity)
        for _ in 1..<count {
            let skipped = current
            guard skipped != TrackQueue.noTrack else { break }
            current = upcoming.popFirst() ?? TrackQueue.noTrack
            if queueRepeat { upcoming.append(skipped) } else { table.release(skipped) }
        }
    }

    /// ``TrackQueue/back()``'s change: the newest history track becomes current, the current one goes back to the
    /// front of the upcoming tracks. The history must not be empty.
    /// - Returns: The new current track.
    func back() -> Track {
        if let index = historyPrefetchIndex() { table.prefetch(history[index]) }
        let previous = history.popLast().unsafelyUnwrapped
        if current != TrackQueue.noTrack { upcoming.prepend(current) }
        current = previous
        return table[previous]
    }
}

// MARK: Prefetching

extension QueueStorage {
    /// How far ahead, in handles, `next`, `skip` and `back` prefetch the box of a track they will reach: far enough
    /// that the load is done when its turn comes, near enough that the box is still cached then.
    static let prefetchDistance = 16
    /// The smallest table (in slots) whose boxes are prefetched. A smaller queue's boxes (a few MB) stay in the
    /// cache, and its path stays as it was without prefetching.
    static let prefetchingCapacity = 16_384
    /// The most boxes one `skip` prefetches.
    static let maximumPrefetches = 8

    /// The index in `upcoming` of the handle ``prefetchDistance`` after the one at `offset`, when the table is big
    /// enough to prefetch and that handle exists; `next` (and `skip`, once per track it passes) prefetches its box
    /// before taking the handle at `offset`, so that box is the one taken ``prefetchDistance`` steps later.
    @inline(__always)
    func upcomingPrefetchIndex(after offset: Int = 0) -> Int? {
        let index = Self.prefetchDistance &+ offset
        return table.capacity >= Self.prefetchingCapacity && index < upcoming.count ? index : nil
    }

    /// The index in `history` of the handle that ``prefetchDistance`` more `back()` calls after the coming one
    /// reach, when the table is big enough to prefetch and that handle exists.
    @inline(__always)
    func historyPrefetchIndex() -> Int? {
        let index = history.count &- 1 &- Self.prefetchDistance
        return table.capacity >= Self.prefetchingCapacity && index >= 0 ? index : nil
    }

    /// Prefetches the box at ``upcomingPrefetchIndex(after:)``, if any.
    @inline(__always)
    func prefetchUpcoming(after offset: Int = 0) {
        if let index = upcomingPrefetchIndex(after: offset) { table.prefetch(upcoming[index]) }
    }
}
