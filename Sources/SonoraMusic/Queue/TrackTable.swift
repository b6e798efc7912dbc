internal import CSonoraPrefetch

/// The tracks of a ``TrackQueue``, each stored once and named by a 4-byte handle (a slab).
///
/// Every handle in the queue's current slot, upcoming tracks and history owns its own slot, so moving a
/// track between them moves an integer. A freed slot releases its track at once and is reused by the next
/// track added.
///
/// The memory is managed by hand, as ``HandleBuffer``'s: copying the struct aliases it, and the owner
/// (``QueueStorage``) copies with ``copy()`` and frees with ``deallocate()``. The free list has room for
/// every slot, so freeing a slot never allocates.
struct TrackTable {
    /// The slots; `0..<count` are initialized, `nil` for a free one.
    private var slots: UnsafeMutablePointer<Track?>?
    /// The free slots' handles, reused last-freed first; room for `capacity`.
    private var free: UnsafeMutablePointer<UInt32>?
    /// The number of slots ever used (live or free).
    private(set) var count = 0
    /// The number of slots allocated.
    private(set) var capacity = 0
    /// The number of free slots.
    private(set) var freeCount = 0

    /// The smallest table allocated.
    private static let minimumCapacity = 16

    /// The track in the live slot `handle`.
    @inline(__always)
    subscript(handle: UInt32) -> Track {
        slots.unsafelyUnwrapped[Int(handle)].unsafelyUnwrapped
    }

    /// Stores `track` in a slot and returns its handle.
    @inline(__always)
    mutating func add(_ track: Track) -> UInt32 {
        if freeCount > 0 {
            freeCount &-= 1
            let handle = free.unsafelyUnwrapped[freeCount]
            slots.unsafelyUnwrapped[Int(handle)] = track
            return handle
        }
        if count == capacity { grow(to: Swift.max(Self.minimumCapacity, 2 * capacity)) }
        (slots.unsafelyUnwrapped + count).initialize(to: track)
        count &+= 1
        return UInt32(truncatingIfNeeded: count &- 1)
    }

    /// Frees the slot `handle` and returns its track.
    @inline(__always)
    mutating func remove(_ handle: UInt32) -> Track {
        free.unsafelyUnwrapped[freeCount] = handle
        freeCount &+= 1
        return slots.unsafelyUnwrapped[Int(handle)].take().unsafelyUnwrapped
    }

    /// Frees the slot `handle`, releasing its track.
    @inline(__always)
    mutating func release(_ handle: UInt32) {
        free.unsafelyUnwrapped[freeCount] = handle
        freeCount &+= 1
        slots.unsafelyUnwrapped[Int(handle)] = nil
    }

    /// Starts loading the box of the track in the live slot `handle` into the cache, and returns at once.
    ///
    /// Each reference-count change is an atomic instruction that waits for its box's memory; in a table too big for
    /// the cache, a box loaded a few operations before its turn is cached by then. Reads the slot's one word (the
    /// box's address) without a reference count.
    @inline(__always)
    func prefetch(_ handle: UInt32) {
        assert(Int(handle) < count, "prefetching slot \(handle) of \(count)")
        let box = UnsafeRawPointer(slots.unsafelyUnwrapped + Int(handle)).load(as: UnsafeRawPointer?.self)
        assert(box != nil, "prefetching the free slot \(handle)")
        sonora_prefetch_for_write(box)
    }

    /// Makes room for `count` more tracks, with half as much again to spare, so the next few single adds
    /// do not regrow the table.
    mutating func reserve(_ added: Int) {
        let needed = count + Swift.max(0, added - freeCount)
        if needed > capacity { grow(to: needed + needed / 2) }
    }

    /// An independent table holding the same tracks in the same slots (one retain per live track).
    func copy() -> TrackTable {
        var copy = TrackTable()
        guard capacity > 0 else { return copy }
        copy.allocate(capacity)
        copy.slots.unsafelyUnwrapped.initialize(from: slots.unsafelyUnwrapped, count: count)
        copy.free.unsafelyUnwrapped.initialize(from: free.unsafelyUnwrapped, count: freeCount)
        copy.count = count
        copy.freeCount = freeCount
        return copy
    }

    /// Releases every track and frees the memory; the table (and every alias of it) must not be used afterwards.
    func deallocate() {
        guard let slots, let free else { return }
        slots.deinitialize(count: count)
        slots.deallocate()
        free.deallocate()
    }

    /// Allocates empty slots and free list of `capacity`.
    private mutating func allocate(_ capacity: Int) {
        slots = .allocate(capacity: capacity)
        free = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    /// Moves the slots and the free list into buffers of `newCapacity`.
    private mutating func grow(to newCapacity: Int) {
        let (oldSlots, oldFree) = (slots, free)
        allocate(newCapacity)
        if let oldSlots, let oldFree {
            slots.unsafelyUnwrapped.moveInitialize(from: oldSlots, count: count)
            free.unsafelyUnwrapped.initialize(from: oldFree, count: freeCount)
            oldSlots.deallocate()
            oldFree.deallocate()
        }
    }
}
