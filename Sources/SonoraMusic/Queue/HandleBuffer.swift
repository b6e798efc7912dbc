/// A double-ended sequence of 4-byte track handles in one contiguous buffer.
///
/// The live handles sit in `storage[head ..< head + count]`, with free room on both sides, so taking the
/// first handle or adding one at either end is O(1) amortized and never wraps: shuffles and moves work on
/// one contiguous run, and inserting in the middle shifts the shorter side with one `memmove`.
/// Handles are plain integers, so none of this touches a reference count.
struct HandleBuffer: Sendable {
    /// The buffer; its `count` is the capacity. Slots outside the live run hold stale values.
    private var storage: ContiguousArray<UInt32> = []
    /// The index of the first live handle in `storage`.
    private var head = 0
    /// The number of live handles.
    private(set) var count = 0

    /// The smallest buffer allocated.
    private static let minimumCapacity = 16

    var isEmpty: Bool { count == 0 }

    /// The handle at `index` (0 is the first); `index` must be in `0..<count`.
    @inline(__always)
    subscript(index: Int) -> UInt32 {
        get { storage[head &+ index] }
        set { storage[head &+ index] = newValue }
    }

    /// Removes and returns the first handle, or `nil` when empty.
    @inline(__always)
    mutating func popFirst() -> UInt32? {
        guard count > 0 else { return nil }
        let handle = storage[head]
        head &+= 1
        count &-= 1
        return handle
    }

    /// Removes and returns the last handle, or `nil` when empty.
    @inline(__always)
    mutating func popLast() -> UInt32? {
        guard count > 0 else { return nil }
        count &-= 1
        return storage[head &+ count]
    }

    /// Adds a handle at the end.
    @inline(__always)
    mutating func append(_ handle: UInt32) {
        if head &+ count == storage.count { makeRoom(front: 0, back: 1) }
        storage[head &+ count] = handle
        count &+= 1
    }

    /// Adds a handle at the front.
    mutating func prepend(_ handle: UInt32) {
        if head == 0 { makeRoom(front: 1, back: 0) }
        head -= 1
        storage[head] = handle
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
            if head + count == storage.count { makeRoom(front: 0, back: 1) }
            shift(from: head + index, to: head + index + 1, count: count - index)
        }
        count += 1
        storage[head + index] = handle
    }

    /// Removes and returns the handle at `index` (in `0..<count`), shifting the shorter side.
    mutating func remove(at index: Int) -> UInt32 {
        let handle = storage[head + index]
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
        let handle = storage[head + source]
        if source < destination {
            shift(from: head + source + 1, to: head + source, count: destination - source)
        } else {
            shift(from: head + destination, to: head + destination + 1, count: source - destination)
        }
        storage[head + destination] = handle
    }

    /// Drops every handle, keeping the buffer.
    mutating func removeAll() {
        head = 0
        count = 0
    }

    /// Calls `body` with the live handles as one mutable buffer (for shuffling).
    mutating func withLiveHandles<R>(_ body: (inout UnsafeMutableBufferPointer<UInt32>) throws -> R) rethrows -> R {
        let (head, count) = (head, count)
        return try storage.withUnsafeMutableBufferPointer { all in
            var live = UnsafeMutableBufferPointer(rebasing: all[head ..< head + count])
            return try body(&live)
        }
    }

    /// Moves `count` handles within the buffer; the ranges may overlap.
    private mutating func shift(from source: Int, to destination: Int, count: Int) {
        guard count > 0 else { return }
        storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            UnsafeMutableRawPointer(base + destination).copyMemory(
                from: base + source, byteCount: count * MemoryLayout<UInt32>.stride)
        }
    }

    /// Ensures `front` free slots before the live run and `back` after it: slides the run within the buffer
    /// when at least half of it is free, otherwise moves it into the middle of a buffer twice the needed size,
    /// so both ends have room (a copy of the queue shares this layout, and `back()` needs room at the front).
    private mutating func makeRoom(front: Int, back: Int) {
        let needed = count + front + back
        if head >= front && storage.count - head - count >= back { return }
        if needed <= storage.count / 2 {
            let newHead = front + (storage.count - needed) / 2
            shift(from: head, to: newHead, count: count)
            head = newHead
            return
        }
        let capacity = Swift.max(Self.minimumCapacity, 2 * needed)
        let newHead = front + (capacity - needed) / 2
        var grown = ContiguousArray<UInt32>(repeating: 0, count: capacity)
        let (oldHead, live) = (head, count)
        grown.withUnsafeMutableBufferPointer { target in
            storage.withUnsafeBufferPointer { source in
                guard live > 0 else { return }
                UnsafeMutableRawPointer(target.baseAddress! + newHead).copyMemory(
                    from: source.baseAddress! + oldHead, byteCount: live * MemoryLayout<UInt32>.stride)
            }
        }
        storage = grown
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
