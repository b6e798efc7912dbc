/// The tracks of a ``TrackQueue``, each stored once and named by a 4-byte handle (a slab).
///
/// Every handle in the queue's current slot, upcoming tracks and history owns its own slot, so moving a
/// track between them moves an integer. A freed slot releases its track at once and is reused by the next
/// track added.
struct TrackTable: Sendable {
    /// The slots; `nil` for a free one.
    private var slots: ContiguousArray<Track?> = []
    /// The free slots, reused last-freed first.
    private var free: ContiguousArray<UInt32> = []

    /// The track in the live slot `handle`.
    @inline(__always)
    subscript(handle: UInt32) -> Track {
        slots[Int(handle)].unsafelyUnwrapped
    }

    /// Stores `track` in a slot and returns its handle.
    @inline(__always)
    mutating func add(_ track: Track) -> UInt32 {
        if let handle = free.popLast() {
            slots[Int(handle)] = track
            return handle
        }
        slots.append(track)
        return UInt32(truncatingIfNeeded: slots.count - 1)
    }

    /// Frees the slot `handle` and returns its track.
    @inline(__always)
    mutating func remove(_ handle: UInt32) -> Track {
        free.append(handle)
        return slots[Int(handle)].take().unsafelyUnwrapped
    }

    /// Frees the slot `handle`, releasing its track.
    @inline(__always)
    mutating func release(_ handle: UInt32) {
        free.append(handle)
        slots[Int(handle)] = nil
    }

    /// Makes room for `count` more tracks, with half as much again to spare, so the next few single adds
    /// (also to a copy of the queue, which keeps the capacity) do not regrow the table.
    mutating func reserve(_ count: Int) {
        let needed = slots.count + Swift.max(0, count - free.count)
        if needed > slots.capacity { slots.reserveCapacity(needed + needed / 2) }
    }
}
