/// A double-ended sequence of 4-byte track handles in one contiguous, manually managed buffer.
///
/// The live handles sit in `base[head ..< head + count]`, with free room on both sides, so taking the
/// first handle or adding one at either end is O(1) amortized and never wraps: shuffles and moves work on
/// one contiguous run, and inserting in the middle shifts the shorter side with one `memmove`.
/// Handles are plain integers, so none of this touches a reference count.
///
/// The buffer is not reference counted: copying the struct aliases the memory. Its owner (``QueueStorage``)
/// makes real copies with ``copy()`` and frees the memory with ``deallocate()``, which is what lets a queue
/// check uniqueness once per operation instead of once per buffer.
struct HandleBuffer {
    /// The buffer, `nil` until the first handle is added.
    private var base: UnsafeMutablePointer<UInt32>?
    /// The number of handles `base` has room for.
    private(set) var capacity = 0
    /// The index of the first live handle in `base`.
    private var head = 0
    /// The number of live handles.
    private(set) var count = 0

    /// The smallest buffer allocated.
    private static let minimumCapacity = 16

    /// An empty buffer that has allocated nothing.
    init() {}

    /// An empty buffer with room for `capacity` handles at the back.
    init(capacity: Int) {
        if capacity > 0 {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }
    }

    var isEmpty: Bool { count == 0 }

    /// The handle at `index` (0 is the first); `index` must be in `0..<count`.
    @inline(__always)
    subscript(index: Int) -> UInt32 {
        get { base.unsafelyUnwrapped[head &+ index] }
        nonmutating set { base.unsafelyUnwrapped[head &+ index] = newValue }
    }

    /// Removes and returns the first handle, or `nil` when empty.
    @inline(__always)
    mutating func popFirst() -> UInt32? {
        guard count > 0 else { return nil }
        let handle = base.unsafelyUnwrapped[head]
        head &+= 1
        count &-= 1
        return handle
    }

    /// Removes and returns the last handle, or `nil` when empty.
    @inline(__always)
    mutating func popLast() -> UInt32? {
        guard count > 0 else { return nil }
        count &-= 1
        return base.unsafelyUnwrapped[head &+ count]
    }

    /// Adds a handle at the end.
    @inline(__always)
    mutating func append(_ handle: UInt32) {
        if head &+ count == capacity { makeRoom(front: 0, back: 1) }
        base.unsafelyUnwrapped[head &+ count] = handle
        count &+= 1
    }

    /// Adds a handle at the front.
    mutating func prepend(_ handle: UInt32) {
        if head == 0 { makeRoom(front: 1, back: 0) }
        head -= 1
        base.unsafelyUnwrapped[head] = handle
        count += 1
    }

    /// Inserts a handle so that it ends up at `index` (in `0...count`), shifting the shorter side.
    mutating func insert(_ handle: UInt32, at index: Int) {
        if index == count { return append(handle) }
        if index < count / 2 {
            if head == 0 { makeRoom(front: 1, back: 0) }
            shift(from: head, to: head - 1, count: index)
            head -= 1
        } else {
            if head + count == capacity { makeRoom(front: 0, back: 1) }
            shift(from: head + index, to: head + index + 1, count: count - index)
        }
        count += 1
        base.unsafelyUnwrapped[head + index] = handle
    }

    /// Removes and returns the handle at `index` (in `0..<count`), shifting the shorter side.
    mutating func remove(at index: Int) -> UInt32 {
        let handle = base.unsafelyUnwrapped[head + index]
        if index < count / 2 {
            shift(from: head, to: head + 1, count: index)
            head += 1
        } else {
            shift(from: head + index + 1, to: head + index, count: count - index - 1)
        }
        count -= 1
        return handle
    }

    /// Moves the handle at `source` to `destination` (both in `0..<count`) with one shift of the run between.
    mutating func move(from source: Int, to destination: Int) {
        let handle = base.unsafelyUnwrapped[head + source]
        if source < destination {
            shift(from: head + source + 1, to: head + source, count: destination - source)
        } else {
            shift(from: head + destination, to: head + destination + 1, count: source - destination)
        }
        base.unsafelyUnwrapped[head + destination] = handle
    }

    /// Keeps the handles for which `keep` returns `true`, in order, compacting them in place.
    mutating func filter(_ keep: (UInt32) throws -> Bool) rethrows {
        var kept = 0
        for index in 0..<count {
            let handle = self[index]
            if try keep(handle) {
                self[kept] = handle
                kept += 1
            }
        }
        count = kept
    }

    /// Drops every handle, keeping the buffer.
    mutating func removeAll() {
        head = 0
        count = 0
    }

    /// Calls `body` with the live handles as one mutable buffer (for shuffling).
    mutating func withLiveHandles<R>(_ body: (inout UnsafeMutableBufferPointer<UInt32>) throws -> R) rethrows -> R {
        var live = UnsafeMutableBufferPointer(start: base.map { $0 + head }, count: count)
        return try body(&live)
    }

    /// An independent buffer with the same handles at the same places (so its spare room matches).
    func copy() -> HandleBuffer {
        var copy = HandleBuffer(capacity: capacity)
        copy.head = head
        copy.count = count
        if count > 0 { (copy.base.unsafelyUnwrapped + head).initialize(from: base.unsafelyUnwrapped + head, count: count) }
        return copy
    }

    /// Frees the memory; the buffer (and every alias of it) must not be used afterwards.
    func deallocate() {
        base?.deallocate()
    }

    /// Moves `count` handles within the buffer; the ranges may overlap.
    private func shift(from source: Int, to destination: Int, count: Int) {
        guard count > 0 else { return }
        let base = base.unsafelyUnwrapped
        UnsafeMutableRawPointer(base + destination).copyMemory(
            from: base + source, byteCount: count * MemoryLayout<UInt32>.stride)
    }

    /// Ensures `front` free slots before the live run and `back` after it: slides the run within the buffer
    /// when at least half of it is free, otherwise moves it into the middle of a buffer twice the needed size,
    /// so both ends have room (`back()` needs room at the front).
    private mutating func makeRoom(front: Int, back: Int) {
        let needed = count + front + back
        if head >= front && capacity - head - count >= back { return }
        if needed <= capacity / 2 {
            let newHead = front + (capacity - needed) / 2
            shift(from: head, to: newHead, count: count)
            head = newHead
            return
        }
        let newCapacity = Swift.max(Self.minimumCapacity, 2 * needed)
        let newHead = front + (newCapacity - needed) / 2
        let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        if count > 0 { (grown + newHead).initialize(from: base.unsafelyUnwrapped + head, count: count) }
        base?.deallocate()
        base = grown
        capacity = newCapacity
        head = newHead
    }
}

extension HandleBuffer: Sequence {
    /// Iterates the live handles, first to last.
    struct Iterator: IteratorProtocol {
        let buffer: HandleBuffer
        var index = 0

        mutating func next() -> UInt32? {
            guard index < buffer.count else { return nil }
            defer { index += 1 }
            return buffer[index]
        }
    }

    func makeIterator() -> Iterator { Iterator(buffer: self) }
    var underestimatedCount: Int { count }
}
