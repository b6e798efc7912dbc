import Synchronization
import Testing
@testable import SonoraMusic

@Suite struct TrackQueueTests {
    /// Real tracks from the corpus, so identifiers and titles are realistic.
    static let corpus: [Track] = {
        (try? FixtureFiles.lines("corpus-encoded.txt").prefix(200).map { try TrackCodec.decode($0) }) ?? []
    }()

    private func tracks(_ count: Int) -> [Track] { Array(Self.corpus.prefix(count)) }

    private func ids(_ tracks: some Sequence<Track>) -> [String] { tracks.map(\.identifier) }

    @Test func nextPlaysInOrderAndFillsHistoryUnderRepeatNone() throws {
        var queue = TrackQueue()
        let input = tracks(3)
        try queue.append(contentsOf: input)
        #expect(queue.next() == input[0])
        #expect(queue.next() == input[1])
        #expect(queue.next() == input[2])
        #expect(queue.next() == nil)
        #expect(ids(queue.history) == ids(input))
    }

    @Test func repeatTrackReplaysTheCurrentTrackWithoutGrowingHistory() throws {
        var queue = TrackQueue(repeatMode: .track)
        let input = tracks(2)
        try queue.append(contentsOf: input)
        #expect(queue.next() == input[0])  // nothing current yet: takes the first
        #expect(queue.next() == input[0])
        #expect(queue.next() == input[0])
        #expect(queue.history.isEmpty && queue.count == 1)
        #expect(try queue.skip() == input[1])  // skip ignores track repeat
    }

    @Test func repeatQueueAppendsTheFinishedTrackToTheTail() throws {
        var queue = TrackQueue(repeatMode: .queue)
        let input = tracks(3)
        try queue.append(contentsOf: input)
        var played: [Track] = []
        for _ in 0..<7 {
            let track = queue.next()
            played.append(try #require(track))
        }
        #expect(ids(played) == ids(input + input + [input[0]]))
        #expect(queue.count == 2)
    }

    @Test func skipManyDropsSkippedTracksAndKeepsOnlyTheCurrentInHistory() throws {
        var queue = TrackQueue()
        let input = tracks(6)
        try queue.append(contentsOf: input)
        queue.next()
        #expect(try queue.skip(3) == input[3])
        #expect(ids(queue.history) == [input[0].identifier])
        #expect(ids(queue.upcoming) == ids(input[4...]))
        #expect(try queue.skip(10) == nil)
        #expect(throws: MusicError.self) { try queue.skip(0) }
    }

    @Test func backReturnsToTheLastHistoryTrackAndRequeuesTheCurrent() throws {
        var queue = TrackQueue()
        let input = tracks(3)
        try queue.append(contentsOf: input)
        queue.next(); queue.next()
        #expect(try queue.back() == input[0])
        #expect(ids(queue.upcoming) == ids([input[1], input[2]]))
        let error = try #require(throws: MusicError.self) { try queue.back() }
        #expect(error.code == .historyEmpty)
    }

    @Test func historyEvictsTheOldestBeyondItsCap() throws {
        var queue = TrackQueue(options: .init(historyCapacity: 3))
        let input = tracks(10)
        try queue.append(contentsOf: input)
        for _ in 0..<10 { queue.next() }
        #expect(ids(queue.history) == ids(input[6..<9]))
        var none = TrackQueue(options: .init(historyCapacity: 0))
        try none.append(contentsOf: input)
        none.next(); none.next()
        #expect(none.history.isEmpty)
    }

    @Test func maxSizeRefusesWithAClearErrorAndABatchIsAllOrNothing() throws {
        var queue = TrackQueue(options: .init(maxSize: 3))
        let input = tracks(5)
        try queue.append(contentsOf: input[0..<2])
        let batch = try #require(throws: MusicError.self) { try queue.append(contentsOf: input[2..<5]) }
        #expect(batch.code == .queueFull)
        #expect(batch.message.contains("at most 3"))
        #expect(queue.count == 2)
        try queue.append(input[2])
        #expect(queue.isFull)
        #expect(throws: MusicError.self) { try queue.insert(input[3], at: 0) }
    }

    @Test func deduplicationRefusesQueuedIdentifiersAndSkipsThemInBatches() throws {
        var queue = TrackQueue(options: .init(deduplicatesByIdentifier: true))
        let input = tracks(3)
        #expect(try queue.append(contentsOf: input + input) == 3)
        let error = try #require(throws: MusicError.self) { try queue.append(input[1]) }
        #expect(error.code == .duplicateTrack)
        try queue.remove(at: 1)
        try queue.append(input[1])  // allowed again once removed
        queue.next()
        #expect(throws: MusicError.self) { try queue.append(input[0]) }  // the current track counts
        queue.next()
        try queue.append(input[0])  // finished: may be queued again
        #expect(queue.count == 2)
    }

    @Test func seededShuffleIsAReproduciblePermutation() throws {
        let input = tracks(100)
        var first = TrackQueue(), second = TrackQueue()
        try first.append(contentsOf: input)
        try second.append(contentsOf: input)
        var generatorA = SplitMix64(seed: 42), generatorB = SplitMix64(seed: 42)
        first.shuffle(using: &generatorA)
        second.shuffle(using: &generatorB)
        #expect(ids(first.upcoming) == ids(second.upcoming))
        #expect(ids(first.upcoming) != ids(input))
        #expect(ids(first.upcoming).sorted() == ids(input).sorted())
        var third = TrackQueue()
        try third.append(contentsOf: input)
        var generatorC = SplitMix64(seed: 43)
        third.shuffle(using: &generatorC)
        #expect(ids(third.upcoming) != ids(first.upcoming))
    }

    @Test func insertRemoveMoveSwapAndClearEditTheUpcomingTracks() throws {
        var queue = TrackQueue()
        let t = tracks(5)
        try queue.append(contentsOf: t[0..<3])
        try queue.insert(t[3], at: 0)
        #expect(ids(queue.upcoming) == ids([t[3], t[0], t[1], t[2]]))
        try queue.move(from: 0, to: 3)
        #expect(ids(queue.upcoming) == ids([t[0], t[1], t[2], t[3]]))
        try queue.swapAt(0, 3)
        #expect(ids(queue.upcoming) == ids([t[3], t[1], t[2], t[0]]))
        #expect(try queue.remove(at: 1) == t[1])
        #expect(queue.removeAll { $0 == t[2] } == 1)
        #expect(throws: MusicError.self) { try queue.remove(at: 2) }
        #expect(throws: MusicError.self) { try queue.insert(t[4], at: 3) }
        queue.next()
        queue.clear()
        #expect(queue.isEmpty && queue.current == t[3])
    }

    @Test func observersReceiveOneEventPerChange() throws {
        let events = Mutex<[QueueEvent.Kind]>([])
        var queue = TrackQueue()
        queue.onEvent = { event in events.withLock { $0.append(event.kind) } }
        let t = tracks(4)
        try queue.append(contentsOf: t)
        try queue.remove(at: 3)
        try queue.move(from: 0, to: 1)
        var generator = SplitMix64(seed: 1)
        queue.shuffle(using: &generator)
        queue.next()
        queue.clear()
        #expect(events.withLock { $0 } == [.added, .removed, .moved, .shuffled, .advanced, .cleared])
    }
}
