import SonoraCore
import Testing
@testable import SonoraMusic

/// The queue's handle buffers and track slab against plain arrays, over long random edit sequences that
/// grow, slide and refill the buffers and reuse freed slots.
@Suite struct QueueStorageTests {
    @Test func handleBufferMatchesAnArrayUnderRandomEdits() {
        var generator = SplitMix64(seed: 7)
        var buffer = HandleBuffer()
        defer { buffer.deallocate() }
        var model: [UInt32] = []
        var nextValue: UInt32 = 0
        for step in 0..<20_000 {
            let choice = Int(generator.next() % 9)
            switch choice {
            case 0, 1:
                buffer.append(nextValue)
                model.append(nextValue)
                nextValue += 1
            case 2:
                buffer.prepend(nextValue)
                model.insert(nextValue, at: 0)
                nextValue += 1
            case 3:
                let index = Int(generator.next() % UInt64(model.count + 1))
                buffer.insert(nextValue, at: index)
                model.insert(nextValue, at: index)
                nextValue += 1
            case 4 where !model.isEmpty:
                let index = Int(generator.next() % UInt64(model.count))
                #expect(buffer.remove(at: index) == model.remove(at: index))
            case 5:
                #expect(buffer.popFirst() == (model.isEmpty ? nil : model.removeFirst()))
            case 6:
                #expect(buffer.popLast() == model.popLast())
            case 7 where !model.isEmpty:
                let source = Int(generator.next() % UInt64(model.count))
                let destination = Int(generator.next() % UInt64(model.count))
                buffer.move(from: source, to: destination)
                model.insert(model.remove(at: source), at: destination)
            case 8 where step % 500 == 0:
                buffer.removeAll()
                model.removeAll()
            default:
                break
            }
            #expect(buffer.count == model.count)
            if step % 97 == 0 || buffer.count < 8 {
                #expect(Array(buffer) == model, "after step \(step) (operation \(choice))")
            }
        }
        #expect(Array(buffer) == model)
    }

    @Test func aQueueMatchesAnArrayModelAcrossPlaybackAndEdits() throws {
        let tracks = (0..<40).map { index in
            Track(title: "Track \(index)", author: "A", length: 1_000, identifier: "id-\(index)", isStream: false,
                  sourceName: "http")
        }
        for mode in [RepeatMode.none, .queue, .track] {
            var generator = SplitMix64(seed: 11)
            var queue = TrackQueue(options: .init(historyCapacity: 5), repeatMode: mode)
            var model = ArrayQueue(historyCapacity: 5, mode: mode)
            for step in 0..<3_000 {
                let track = tracks[Int(generator.next() % UInt64(tracks.count))]
                switch generator.next() % 8 {
                case 0, 1:
                    try queue.append(track)
                    model.upcoming.append(track)
                case 2:
                    let index = Int(generator.next() % UInt64(model.upcoming.count + 1))
                    try queue.insert(track, at: index)
                    model.upcoming.insert(track, at: index)
                case 3 where !model.upcoming.isEmpty:
                    let index = Int(generator.next() % UInt64(model.upcoming.count))
                    #expect(try queue.remove(at: index) == model.upcoming.remove(at: index))
                case 4, 5:
                    #expect(queue.next() == model.next())
                case 6:
                    let count = Int(generator.next() % 3) + 1
                    #expect(try queue.skip(count) == model.skip(count))
                default:
                    if model.history.isEmpty {
                        #expect(throws: MusicError.self) { try queue.back() }
                    } else {
                        #expect(try queue.back() == model.back())
                    }
                }
                #expect(queue.current == model.current, "\(mode) step \(step)")
                #expect(Array(queue.upcoming) == model.upcoming, "\(mode) step \(step)")
                #expect(Array(queue.history) == model.history, "\(mode) step \(step)")
            }
        }
    }

    @Test func aCopyOfAQueueIsUntouchedByEveryChangeToTheOtherCopy() throws {
        let tracks = (0..<14).map { index in
            Track(title: "Track \(index)", author: "A", length: 1_000, identifier: "id-\(index)", isStream: false,
                  sourceName: "http")
        }
        let changes: [(String, (inout TrackQueue) throws -> Void)] = [
            ("append", { try $0.append(tracks[12]) }),
            ("append(contentsOf:)", { try $0.append(contentsOf: tracks[10...]) }),
            ("insert", { try $0.insert(tracks[13], at: 1) }),
            ("remove", { _ = try $0.remove(at: 2) }),
            ("removeAll(where:)", { _ = $0.removeAll { $0.identifier.hasSuffix("5") } }),
            ("move", { try $0.move(from: 0, to: 3) }),
            ("swapAt", { try $0.swapAt(0, 4) }),
            ("clear", { $0.clear() }),
            ("shuffle", { queue in
                var generator = SplitMix64(seed: 3)
                queue.shuffle(using: &generator)
            }),
            ("next", { $0.next() }),
            ("skip", { _ = try $0.skip(2) }),
            ("back", { _ = try $0.back() }),
        ]
        for mode in [RepeatMode.none, .queue, .track] {
            var original = TrackQueue(options: .init(historyCapacity: 3), repeatMode: mode)
            try original.append(contentsOf: tracks.prefix(10))
            for _ in 0..<4 { try original.skip() }  // skip also advances under repeat track, filling the history
            let before = Self.state(of: original)
            for (name, change) in changes {
                var changed = original
                try change(&changed)
                #expect(Self.state(of: original) == before, "\(mode): changing a copy by \(name) changed the original")
                let kept = original
                var again = original
                try change(&again)
                #expect(Self.state(of: kept) == before, "\(mode): changing the original by \(name) changed a copy")
                #expect(Self.state(of: again) == Self.state(of: changed), "\(mode): \(name) differs between copies")
            }
        }
    }

    @Test func deduplicationTracksExactlyTheCurrentAndUpcomingIdentifiersThroughPlayback() throws {
        let tracks = (0..<12).map { index in
            Track(title: "Track \(index)", author: "A", length: 1_000, identifier: "id-\(index)", isStream: false,
                  sourceName: "http")
        }
        for mode in [RepeatMode.none, .queue, .track] {
            var generator = SplitMix64(seed: 5)
            var queue = TrackQueue(options: .init(historyCapacity: 2, deduplicatesByIdentifier: true), repeatMode: mode)
            for step in 0..<600 {
                switch generator.next() % 6 {
                case 0, 1: _ = try? queue.append(tracks[Int(generator.next() % UInt64(tracks.count))])
                case 2: queue.next()
                case 3: _ = try queue.skip(Int(generator.next() % 4) + 1)
                case 4: _ = try? queue.back()
                default: if !queue.isEmpty { _ = try queue.remove(at: Int(generator.next() % UInt64(queue.count))) }
                }
                let queued = Set([queue.current?.identifier].compactMap { $0 } + queue.upcoming.map(\.identifier))
                for track in tracks {
                    var probe = queue
                    let accepted = (try? probe.append(track)) != nil
                    #expect(accepted == !queued.contains(track.identifier), "\(mode) step \(step): \(track.identifier)")
                }
            }
        }
    }

    // MARK: Prefetching (tables of at least `QueueStorage.prefetchingCapacity` slots)

    /// `count` distinct tracks.
    private static func manyTracks(_ count: Int) -> [Track] {
        (0..<count).map { index in
            Track(title: "T\(index)", author: "A", length: 1_000, identifier: "big-\(index)", isStream: false,
                  sourceName: "http")
        }
    }

    @Test func aSmallTableNeverPrefetchesAndABigOneDoes() throws {
        var small = TrackQueue()
        try small.append(contentsOf: Self.manyTracks(5_000))
        small.next()
        #expect(small.table.capacity < QueueStorage.prefetchingCapacity)
        #expect(small.storage.upcomingPrefetchIndex() == nil)
        #expect(small.storage.historyPrefetchIndex() == nil)
        var big = TrackQueue()
        try big.append(contentsOf: Self.manyTracks(QueueStorage.prefetchingCapacity))
        #expect(big.table.capacity >= QueueStorage.prefetchingCapacity)
        #expect(big.storage.upcomingPrefetchIndex() == QueueStorage.prefetchDistance)
        // Near the end of the upcoming tracks there is nothing that far ahead to prefetch.
        for _ in 0..<(QueueStorage.prefetchingCapacity - QueueStorage.prefetchDistance) { big.next() }
        #expect(big.count == QueueStorage.prefetchDistance)
        #expect(big.storage.upcomingPrefetchIndex() == nil)
    }

    @Test func nextPrefetchesTheTrackThatBecomesCurrentSixteenCallsLater() throws {
        let tracks = Self.manyTracks(20_000)
        for mode in [RepeatMode.none, .queue] {
            var queue = TrackQueue(options: .init(historyCapacity: 25), repeatMode: mode)
            try queue.append(contentsOf: tracks)
            var prefetched: [Track] = []
            for step in 0..<300 {
                let index = try #require(queue.storage.upcomingPrefetchIndex(), "\(mode) step \(step)")
                prefetched.append(queue.table[queue.upcomingHandles[index]])
                let current = queue.next()
                if step >= QueueStorage.prefetchDistance {
                    #expect(current == prefetched[step - QueueStorage.prefetchDistance], "\(mode) step \(step)")
                }
            }
            #expect(queue.current == tracks[299])
            #expect(Array(queue.history) == Array(tracks[274..<299]))
        }
    }

    @Test func backPrefetchesTheHistoryTrackThatBecomesCurrentSixteenCallsLater() throws {
        let tracks = Self.manyTracks(20_000)
        var queue = TrackQueue(options: .init(historyCapacity: 20_000))
        try queue.append(contentsOf: tracks)
        while queue.next() != nil {}
        #expect(queue.history.count == 20_000)
        var prefetched: [Track] = []
        for step in 0..<300 {
            let index = try #require(queue.storage.historyPrefetchIndex(), "step \(step)")
            prefetched.append(queue.table[queue.historyHandles[index]])
            let current = try queue.back()
            #expect(current == tracks[19_999 - step])
            if step >= QueueStorage.prefetchDistance {
                #expect(current == prefetched[step - QueueStorage.prefetchDistance], "step \(step)")
            }
        }
        #expect(Array(queue.upcoming) == Array(tracks[19_701...]))
    }

    @Test func skipPrefetchesTheTracksItPassesSixteenTracksLater() throws {
        let tracks = Self.manyTracks(20_000)
        var queue = TrackQueue()
        try queue.append(contentsOf: tracks)
        var generator = SplitMix64(seed: 13)
        var passed = 0  // tracks taken from the upcoming ones so far, in order: `tracks[..<passed]`
        for step in 0..<200 {
            let count = Int(generator.next() % 12) + 1
            for offset in 0..<min(count, QueueStorage.maximumPrefetches) {
                let index = try #require(queue.storage.upcomingPrefetchIndex(after: offset), "step \(step)")
                let track = queue.table[queue.upcomingHandles[index]]
                #expect(track == tracks[passed + offset + QueueStorage.prefetchDistance], "step \(step) offset \(offset)")
            }
            #expect(try queue.skip(count) == tracks[passed + count - 1])
            passed += count
        }
    }

    @Test func bigAndSmallQueuesMatchTheArrayModelAcrossEveryRepeatMode() throws {
        // 10,000 tracks fill a table of 15,000 slots (no prefetching); 11,000 cross the threshold (16,500 slots).
        for size in [10_000, 11_000] {
            let tracks = Self.manyTracks(size + 50)
            for mode in [RepeatMode.none, .queue, .track] {
                var generator = SplitMix64(seed: 17)
                var queue = TrackQueue(options: .init(historyCapacity: 40), repeatMode: mode)
                try queue.append(contentsOf: tracks.prefix(size))
                #expect((queue.table.capacity >= QueueStorage.prefetchingCapacity) == (size > 10_000))
                var model = ArrayQueue(historyCapacity: 40, mode: mode)
                model.upcoming = Array(tracks.prefix(size))
                for step in 0..<2_000 {
                    switch generator.next() % 6 {
                    case 0, 1, 2: #expect(queue.next() == model.next(), "\(size) \(mode) step \(step)")
                    case 3, 4:
                        let count = Int(generator.next() % 20) + 1
                        #expect(try queue.skip(count) == model.skip(count), "\(size) \(mode) step \(step)")
                    default:
                        if !model.history.isEmpty { #expect(try queue.back() == model.back()) }
                    }
                    #expect(queue.current == model.current, "\(size) \(mode) step \(step)")
                    #expect(queue.count == model.upcoming.count, "\(size) \(mode) step \(step)")
                }
                #expect(Array(queue.upcoming) == model.upcoming, "\(size) \(mode)")
                #expect(Array(queue.history) == model.history, "\(size) \(mode)")
            }
        }
    }

    /// The identifiers of the current, upcoming and history tracks.
    private static func state(of queue: TrackQueue) -> [String] {
        [queue.current?.identifier ?? "-", "|"] + queue.upcoming.map(\.identifier) + ["|"]
            + queue.history.map(\.identifier)
    }
}

/// The queue's documented semantics on plain arrays: the reference the slab-and-handles queue must match.
private struct ArrayQueue {
    let historyCapacity: Int
    let mode: RepeatMode
    var current: Track?
    var upcoming: [Track] = []
    var history: [Track] = []

    init(historyCapacity: Int, mode: RepeatMode) {
        self.historyCapacity = historyCapacity
        self.mode = mode
    }

    mutating func advance() {
        if let finished = current {
            history.append(finished)
            if history.count > historyCapacity { history.removeFirst() }
            if mode == .queue { upcoming.append(finished) }
        }
        current = upcoming.isEmpty ? nil : upcoming.removeFirst()
    }

    mutating func next() -> Track? {
        if mode != .track || current == nil { advance() }
        return current
    }

    mutating func skip(_ count: Int) -> Track? {
        advance()
        for _ in 1..<count {
            guard let skipped = current else { break }
            current = upcoming.isEmpty ? nil : upcoming.removeFirst()
            if mode == .queue { upcoming.append(skipped) }
        }
        return current
    }

    mutating func back() -> Track {
        let previous = history.removeLast()
        if let current { upcoming.insert(current, at: 0) }
        current = previous
        return previous
    }
}
