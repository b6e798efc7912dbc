import DequeModule

/// A music player's queue: the current track, the upcoming tracks and a capped history.
///
/// Taking the next track is O(1) and touches no reference count but the returned track's. Semantics follow the survey of wavelink,
/// lavalink.py, Lavalink4NET, lavalink-client and discord-player (see `docs/music.md`):
/// - `next()` under ``RepeatMode/queue`` appends the finished track to the tail (LP, L4N, LC, DP);
///   under ``RepeatMode/track`` it replays the current track and does not grow the history (WL).
/// - `skip(_:)` ignores track repeat (L4N's default, WL's forced skip).
/// - `back()` re-inserts the current track at the front of the queue (DP's `previous()`).
/// - The history evicts its oldest entry when full (L4N); `clear()` leaves the history alone (WL).
/// - A max size is enforced on the upcoming tracks, and a batch that does not fit is refused whole (DP).
/// - De-duplication, when on, keys on the track identifier (L4N).
///
/// Observers get ``QueueEvent``s through ``onEvent``; with no observer no event is built.
///
/// Each track is stored once in a table and the current slot, the upcoming tracks and the history hold
/// 4-byte handles to it, so advancing, moving and shuffling move integers; ``upcoming`` and ``history``
/// build their deques of tracks when asked.
public struct TrackQueue: Sendable {
    /// Options fixed when the queue is made.
    public struct Options: Hashable, Sendable {
        /// The most upcoming tracks the queue holds; `nil` for no limit.
        public var maxSize: Int?
        /// The most tracks the history keeps; the oldest is evicted first. 0 keeps no history.
        public var historyCapacity: Int
        /// Whether a track whose identifier is already current or upcoming is refused.
        public var deduplicatesByIdentifier: Bool

        /// Creates options.
        /// - Parameters:
        ///   - maxSize: The most upcoming tracks; `nil` for no limit.
        ///   - historyCapacity: The most history entries (25 by default, as lavalink-client).
        ///   - deduplicatesByIdentifier: Whether to refuse tracks already queued (by identifier).
        public init(maxSize: Int? = nil, historyCapacity: Int = 25, deduplicatesByIdentifier: Bool = false) {
            self.maxSize = maxSize
            self.historyCapacity = max(0, historyCapacity)
            self.deduplicatesByIdentifier = deduplicatesByIdentifier
        }
    }

    /// The options.
    public let options: Options
    /// What ``next()`` does at the end of a track.
    public var repeatMode: RepeatMode {
        didSet { repeatKind = RepeatKind(repeatMode) }
    }
    /// The track playing now.
    public var current: Track? { currentHandle == Self.noTrack ? nil : table[currentHandle] }
    /// The tracks to play after the current one, in order.
    /// - Complexity: O(*n*): the queue stores handles, and this builds the tracks' deque.
    public var upcoming: Deque<Track> { tracks(upcomingHandles) }
    /// The tracks played before the current one, oldest first.
    /// - Complexity: O(*n*) in the history's length, as ``upcoming``.
    public var history: Deque<Track> { tracks(historyHandles) }
    /// Called after every change; leave `nil` when nobody listens.
    public var onEvent: (@Sendable (QueueEvent) -> Void)?

    /// The tracks and their handles, copied on the first change when another queue shares them.
    var storage: QueueStorage
    /// Every track the queue holds (current, upcoming, history), each once (read-only; change it through ``unique()``).
    var table: TrackTable { storage.table }
    /// The handle of the current track, or ``noTrack``.
    var currentHandle: UInt32 { storage.current }
    /// The upcoming tracks' handles, in order.
    var upcomingHandles: HandleBuffer { storage.upcoming }
    /// The history's handles, oldest first.
    var historyHandles: HandleBuffer { storage.history }
    /// ``currentHandle`` when nothing is playing.
    static let noTrack = UInt32.max

    /// How many times each identifier is current or upcoming; only kept when de-duplicating.
    var identifierCounts: [String: Int] = [:]

    /// ``repeatMode`` as a byte, so `next()` does not compare strings.
    var repeatKind: RepeatKind

    /// The repeat modes `next()` acts on; any other mode acts as ``RepeatMode/none``.
    enum RepeatKind: UInt8 {
        case none, track, queue

        init(_ mode: RepeatMode) {
            self = mode == .track ? .track : mode == .queue ? .queue : .none
        }
    }

    /// Creates an empty queue.
    /// - Parameters:
    ///   - options: Size limits and de-duplication.
    ///   - repeatMode: The initial repeat mode.
    public init(options: Options = Options(), repeatMode: RepeatMode = .none) {
        self.options = options
        self.repeatMode = repeatMode
        self.repeatKind = RepeatKind(repeatMode)
        self.storage = QueueStorage(historyCapacity: options.historyCapacity)
    }

    /// Copies the storage when another queue shares it: the one uniqueness check of a change.
    ///
    /// The hot paths then call ``QueueStorage`` methods on `storage` directly: with no call back into `self` in
    /// between, the compiler needs no retain of the storage to keep it alive.
    @inline(__always)
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = QueueStorage(copying: storage) }
    }

    /// ``makeUnique()``, then the storage (retained, for the operations that call back into `self`).
    @inline(__always)
    mutating func unique() -> QueueStorage {
        makeUnique()
        return storage
    }

    /// The tracks that `handles` name, as a deque.
    private func tracks(_ handles: HandleBuffer) -> Deque<Track> {
        var tracks = Deque<Track>(minimumCapacity: handles.count)
        for handle in handles { tracks.append(table[handle]) }
        return tracks
    }

    /// The number of upcoming tracks.
    /// - Complexity: O(1).
    public var count: Int { upcomingHandles.count }

    /// Whether there are no upcoming tracks.
    /// - Complexity: O(1).
    public var isEmpty: Bool { upcomingHandles.isEmpty }

    /// Whether the queue is at its maximum size.
    /// - Complexity: O(1).
    public var isFull: Bool { options.maxSize.map { count >= $0 } ?? false }

    /// Adds a track at the end.
    /// - Parameter track: The track.
    /// - Throws: `queueFull` when at the maximum size; `duplicateTrack` when de-duplicating and the identifier is queued.
    /// - Complexity: O(1) amortized.
    public mutating func append(_ track: Track) throws(MusicError) {
        if options.maxSize != nil { try checkRoom(for: 1) }
        if options.deduplicatesByIdentifier { try claim(track) }
        let index = count
        makeUnique()
        storage.append(track)
        if let onEvent { onEvent(QueueEvent(kind: .added, index: index, count: 1, track: track)) }
    }

    /// Adds tracks at the end, skipping duplicates when de-duplicating; all or nothing when they do not fit.
    /// - Parameter tracks: The tracks, for example a loaded playlist.
    /// - Returns: The number of tracks added.
    /// - Throws: `queueFull` when the tracks to add do not all fit; nothing is added then.
    /// - Complexity: O(*k*) amortized for *k* tracks.
    @discardableResult
    public mutating func append(contentsOf tracks: some Sequence<Track>) throws(MusicError) -> Int {
        let start = count
        let storage = unique()
        if options.deduplicatesByIdentifier {
            var seen = Set<String>()
            let fresh = tracks.filter { identifierCounts[$0.identifier] == nil && seen.insert($0.identifier).inserted }
            try checkRoom(for: fresh.count)
            storage.table.reserve(fresh.count)
            for track in fresh {
                storage.upcoming.append(storage.table.add(track))
                identifierCounts[track.identifier, default: 0] += 1
            }
        } else {
            storage.table.reserve(tracks.underestimatedCount)
            for track in tracks { storage.upcoming.append(storage.table.add(track)) }
            let added = count - start
            if let maxSize = options.maxSize, count > maxSize {
                for _ in 0..<added { storage.table.release(storage.upcoming.popLast().unsafelyUnwrapped) }
                try checkRoom(for: added)
            }
        }
        let added = count - start
        if added > 0, let onEvent { onEvent(QueueEvent(kind: .added, index: start, count: added)) }
        return added
    }

    /// Inserts a track so that it ends up at `index` of the upcoming tracks.
    /// - Parameters:
    ///   - track: The track.
    ///   - index: 0 to play it next, ``count`` to play it last.
    /// - Throws: `indexOutOfRange`, `queueFull` or `duplicateTrack`.
    /// - Complexity: O(min(*i*, *n* − *i*)).
    public mutating func insert(_ track: Track, at index: Int) throws(MusicError) {
        guard index >= 0 && index <= count else {
            throw MusicError(.indexOutOfRange, "insert index \(index) is outside 0...\(count)")
        }
        if options.maxSize != nil { try checkRoom(for: 1) }
        if options.deduplicatesByIdentifier { try claim(track) }
        let storage = unique()
        storage.upcoming.insert(storage.table.add(track), at: index)
        if let onEvent { onEvent(QueueEvent(kind: .added, index: index, count: 1, track: track)) }
    }

    /// Removes the upcoming track at `index`.
    /// - Parameter index: The index, 0 for the next track.
    /// - Returns: The removed track.
    /// - Throws: `indexOutOfRange`.
    /// - Complexity: O(min(*i*, *n* − *i*)).
    @discardableResult
    public mutating func remove(at index: Int) throws(MusicError) -> Track {
        try checkIndex(index, "remove")
        let storage = unique()
        let track = storage.table.remove(storage.upcoming.remove(at: index))
        forget(track)
        if let onEvent { onEvent(QueueEvent(kind: .removed, index: index, count: 1, track: track)) }
        return track
    }

    /// Removes every upcoming track that matches.
    /// - Parameter shouldRemove: The predicate.
    /// - Returns: The number removed.
    /// - Complexity: O(*n*).
    @discardableResult
    public mutating func removeAll(where shouldRemove: (Track) throws -> Bool) rethrows -> Int {
        let before = count
        let storage = unique()
        try storage.upcoming.filter { handle in
            let track = storage.table[handle]
            guard try shouldRemove(track) else { return true }
            forget(track)
            storage.table.release(handle)
            return false
        }
        let removed = before - count
        if removed > 0, let onEvent { onEvent(QueueEvent(kind: .removed, count: removed)) }
        return removed
    }

    /// Moves the upcoming track at `source` so that it ends up at `destination`.
    /// - Parameters:
    ///   - source: The current index.
    ///   - destination: The final index, in 0..<``count``.
    /// - Throws: `indexOutOfRange`.
    /// - Complexity: O(|*destination* − *source*|).
    public mutating func move(from source: Int, to destination: Int) throws(MusicError) {
        try checkIndex(source, "move source")
        try checkIndex(destination, "move destination")
        guard source != destination else { return }
        let storage = unique()
        storage.upcoming.move(from: source, to: destination)
        if let onEvent {
            onEvent(QueueEvent(kind: .moved, index: source, toIndex: destination, track: table[upcomingHandles[destination]]))
        }
    }

    /// Swaps two upcoming tracks.
    /// - Throws: `indexOutOfRange`.
    /// - Complexity: O(1).
    public mutating func swapAt(_ first: Int, _ second: Int) throws(MusicError) {
        try checkIndex(first, "swap")
        try checkIndex(second, "swap")
        guard first != second else { return }
        let upcoming = unique().upcoming
        (upcoming[first], upcoming[second]) = (upcoming[second], upcoming[first])
        if let onEvent {
            onEvent(QueueEvent(kind: .moved, index: first, toIndex: second, track: table[upcomingHandles[second]]))
            onEvent(QueueEvent(kind: .moved, index: second, toIndex: first, track: table[upcomingHandles[first]]))
        }
    }

    /// Removes every upcoming track; the current track and the history stay (as wavelink).
    /// - Complexity: O(*n*).
    public mutating func clear() {
        let removed = count
        let storage = unique()
        for handle in storage.upcoming {
            forget(handle)
            storage.table.release(handle)
        }
        storage.upcoming.removeAll()
        if let onEvent { onEvent(QueueEvent(kind: .cleared, count: removed)) }
    }

    // MARK: Bookkeeping

    func checkIndex(_ index: Int, _ operation: String) throws(MusicError) {
        guard index >= 0 && index < count else {
            throw MusicError(.indexOutOfRange, "\(operation) index \(index) is outside 0..<\(count)")
        }
    }

    func checkRoom(for added: Int) throws(MusicError) {
        if let maxSize = options.maxSize, count + added > maxSize {
            throw MusicError(
                .queueFull,
                "queue holds \(count) of at most \(maxSize) tracks; cannot add \(added) more"
            )
        }
    }

    /// Counts a track about to join the upcoming tracks, refusing one whose identifier is already queued.
    mutating func claim(_ track: Track) throws(MusicError) {
        guard identifierCounts[track.identifier] == nil else {
            throw MusicError(.duplicateTrack, "track '\(track.identifier)' (\(track.title)) is already in the queue")
        }
        identifierCounts[track.identifier] = 1
    }

    /// Drops one count of `track`'s identifier when it leaves the current/upcoming set.
    mutating func forget(_ track: Track) {
        guard options.deduplicatesByIdentifier else { return }
        if let count = identifierCounts[track.identifier], count > 1 {
            identifierCounts[track.identifier] = count - 1
        } else {
            identifierCounts[track.identifier] = nil
        }
    }

    /// ``forget(_:)`` for the track in slot `handle`; reads the table only when de-duplicating.
    @inline(__always)
    mutating func forget(_ handle: UInt32) {
        if options.deduplicatesByIdentifier { forget(table[handle]) }
    }

    /// Counts `track`'s identifier when it joins the current/upcoming set.
    mutating func remember(_ track: Track) {
        guard options.deduplicatesByIdentifier else { return }
        identifierCounts[track.identifier, default: 0] += 1
    }
}
