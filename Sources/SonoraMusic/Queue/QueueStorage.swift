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

    /// The last ``TrackTable/touch(_:count:)`` result: stored so the loads that warm the cache are not optimized away.
    @exclusivity(unchecked) var touched: UInt = 0

    /// An empty storage whose history has room for `historyCapacity` entries and one more (up to a few
    /// hundred), so a playing queue's history never allocates.
    init(historyCapacity: Int) {
        history = HandleBuffer(capacity: historyCapacity > 0 ? Swift.min(historyCapacity, 256) * 2 + 2 : 0)
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
        if count > 1 { touched = table.touch(upcoming, count: count) }
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
        let previous = history.popLast().unsafelyUnwrapped
        if current != TrackQueue.noTrack { upcoming.prepend(current) }
        current = previous
        return table[previous]
    }
}
