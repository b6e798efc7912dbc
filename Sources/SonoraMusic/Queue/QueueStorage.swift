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
