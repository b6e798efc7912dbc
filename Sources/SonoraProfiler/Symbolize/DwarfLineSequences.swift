/// One compilation unit's line program, indexed by sequence: a lookup decodes only the sequence
/// that covers its address, never the whole unit.
///
/// A Swift module is one unit whose program runs to megabytes, with one sequence per function.
/// Decoding all of it for one address made line tables the largest part of a cold
/// symbolization. Creating the index runs the program once without keeping rows and records,
/// for each sequence, where its opcodes start and the lowest and highest addresses of its rows.
///
/// Answers are the same as ``DwarfLineProgram/lookup(_:)`` over the whole unit (libdw's choice).
/// Where the index cannot prove that the covering sequence alone decides the answer (sequences
/// that overlap or share an address, rows that go backwards, `DW_LNE_define_file`), a lookup
/// returns ``Answer/undecided`` and ``DwarfLineTable`` decodes the whole unit instead.
struct DwarfLineSequences {
    /// One sequence: rows from a `DW_LNE_set_address` (usually) to `DW_LNE_end_sequence`.
    struct Sequence {
        /// Offset in `.debug_line` of its first opcode.
        var start: Int
        /// Lowest and highest address of its rows, the end-of-sequence row included.
        var low: UInt64
        var high: UInt64
        /// Highest address of a row that does not end the sequence; `nil` when it has none.
        var highestRow: UInt64?
        /// Whether its rows' addresses never go down.
        var ascending: Bool
        /// Its checkpoints: `checkpoints[firstCheckpoint ..< firstCheckpoint + checkpointCount]`.
        var firstCheckpoint = 0
        var checkpointCount = 0
    }

    /// A row partway through an ascending sequence, from which a lookup can resume instead of
    /// running the sequence from its start: Swift puts a module's whole `.text` in one sequence.
    struct Checkpoint {
        var address: UInt64
        /// Offset in `.debug_line` of the opcode after the row's.
        var next: Int
        var line: Int32
        var file: UInt16
    }

    /// Rows between checkpoints, by default.
    static let defaultCheckpointSpacing = 32

    /// What a lookup found.
    enum Answer {
        /// The file and line, or `nil` when no row covers the address: final.
        case found((file: String, line: Int?)?)
        /// The index cannot tell; decode the whole unit.
        case undecided
    }

    let header: DwarfLineHeader
    /// Sorted by `low`, then program order.
    let sequences: [Sequence]
    let checkpoints: [Checkpoint]
    /// For each sequence, the highest `high` and `highestRow` of the sequences before it.
    private let highBefore: [UInt64?]
    private let rowBefore: [UInt64?]
    /// Whether every lookup is left to the full decode: the program defines files as it runs
    /// (`DW_LNE_define_file`, which only a run from the start sees), or it ends without
    /// `DW_LNE_end_sequence`, leaving rows that no sequence owns.
    let undecidable: Bool

    /// Indexes the program whose header is `header`.
    /// - Throws: ``DwarfLineProgram/Unsupported`` when the program is cut off or malformed.
    /// - Complexity: O(bytes of the program) + O(sequences × log sequences).
    /// - Parameter checkpointSpacing: Rows between checkpoints (tests use small ones).
    init(header: DwarfLineHeader, line: UnsafeRawBufferPointer, checkpointSpacing: Int = defaultCheckpointSpacing) throws {
        self.header = header
        var files = header.files
        var skim = Skim(start: header.programStart, spacing: max(checkpointSpacing, 1))
        try header.run(line, from: header.programStart, files: &files, sink: &skim)
        undecidable = files.count != header.files.count || skim.inSequence
        var sequences = skim.sequences
        sequences.sort { $0.low != $1.low ? $0.low < $1.low : $0.start < $1.start }
        var highBefore: [UInt64?] = []
        var rowBefore: [UInt64?] = []
        highBefore.reserveCapacity(sequences.count)
        rowBefore.reserveCapacity(sequences.count)
        var high: UInt64? = nil
        var row: UInt64? = nil
        for sequence in sequences {
            highBefore.append(high)
            rowBefore.append(row)
            high = max(high ?? 0, sequence.high)
            if let last = sequence.highestRow { row = max(row ?? 0, last) }
        }
        self.sequences = sequences
        checkpoints = skim.checkpoints
        self.highBefore = highBefore
        self.rowBefore = rowBefore
    }

    /// The file and line of `address`, decoding only the sequence that covers it.
    /// - Parameter line: The same `.debug_line` bytes the index was made from.
    /// - Complexity: O(log sequences + bytes of one sequence).
    func lookup(_ address: UInt64, line: UnsafeRawBufferPointer) -> Answer {
        if undecidable { return .undecided }
        // The last sequence starting at or below `address`.
        let low = sequences.upperBound(of: address) { $0.low }
        guard low > 0 else { return .found(nil) }  // below every row
        let index = low - 1
        let sequence = sequences[index]
        let earlierHigh = highBefore[index]
        // Every earlier sequence must end at or below this one's start, or its rows may compete.
        guard sequence.ascending, earlierHigh.map({ $0 <= sequence.low }) ?? true else { return .undecided }
        var finder = RowFinder(target: address)
        var files = header.files
        do {
            // Resume from the last checkpoint at or below `address`, if any.
            var first = sequence.firstCheckpoint
            var count = sequence.checkpointCount
            while count > 0 {
                let half = count / 2
                if checkpoints[first + half].address <= address {
                    first += half + 1
                    count -= half + 1
                } else {
                    count = half
                }
            }
            if first > sequence.firstCheckpoint {
                let checkpoint = checkpoints[first - 1]
                finder.best = (checkpoint.address, checkpoint.line, checkpoint.file)
                try header.run(
                    line, from: checkpoint.next, address: checkpoint.address, file: checkpoint.file, line: checkpoint.line,
                    files: &files, sink: &finder)
            } else {
                try header.run(line, from: sequence.start, files: &files, sink: &finder)
            }
        } catch {
            return .undecided
        }
        // The highest row at or below `address`. A sequence's end sorts before other rows at its
        // address, so a row there wins over it; with none, the end row means no line.
        let endWins = finder.endAddress.map { end in end <= address && (finder.best.map { end > $0.address } ?? true) } ?? false
        guard endWins || finder.best != nil else { return .found(nil) }
        let top = endWins ? finder.endAddress! : finder.best!.address
        // An earlier sequence's row at this same address competes in program order (or beats an
        // end row); leave such ties to the full decode.
        if top == sequence.low, let earlierRow = rowBefore[index], earlierRow >= top { return .undecided }
        guard !endWins, let best = finder.best else { return .found(nil) }
        guard let name = DwarfLineHeader.path(of: best.file, in: header.files, directories: header.directories) else { return .found(nil) }
        return .found((name, best.line > 0 ? Int(best.line) : nil))
    }

    /// Records each sequence's start offset, address range and checkpoints, keeping no rows.
    ///
    /// The current sequence lives in scalars rather than an optional ``Sequence``, so each row
    /// costs a compare or two: this runs over every byte of every unit a profile touches.
    private struct Skim: DwarfRowSink {
        var sequences: [Sequence] = []
        var checkpoints: [Checkpoint] = []
        /// Offset of the current (or next) sequence's first opcode.
        var start: Int
        let spacing: Int
        var inSequence = false
        var low: UInt64 = 0
        var high: UInt64 = 0
        var highestRow: UInt64?
        var ascending = true
        var firstCheckpoint = 0
        /// Rows of the current sequence until the next checkpoint.
        var untilCheckpoint = 0

        init(start: Int, spacing: Int) {
            self.start = start
            self.spacing = spacing
        }

        mutating func row(address: UInt64, line: Int32, file: UInt16, endsSequence: Bool, next: Int) -> Bool {
            if !inSequence {
                inSequence = true
                low = address
                high = address
                highestRow = nil
                ascending = true
                firstCheckpoint = checkpoints.count
                untilCheckpoint = spacing
            } else if address >= high {
                high = address
            } else {
                ascending = false
                low = min(low, address)
            }
            if endsSequence {
                sequences.append(
                    Sequence(
                        start: start, low: low, high: high, highestRow: highestRow, ascending: ascending,
                        firstCheckpoint: firstCheckpoint, checkpointCount: checkpoints.count - firstCheckpoint))
                inSequence = false
                start = next
                return true
            }
            if let last = highestRow, last >= address {} else { highestRow = address }
            untilCheckpoint -= 1
            if untilCheckpoint == 0 {
                untilCheckpoint = spacing
                checkpoints.append(Checkpoint(address: address, next: next, line: line, file: file))
            }
            return true
        }

        /// Rows up to the one before the next checkpoint, which must come through `row` with its
        /// own registers. Only inside a sequence: the rows follow one that opened it or continued it.
        var foldableRows: Int { inSequence ? untilCheckpoint - 1 : 0 }

        /// Folded rows ascend from the row before them, so only the last can raise `high` or
        /// `highestRow`, and none can lower `low` or break `ascending` (those compare with rows
        /// already seen, which the folded ones are at or above).
        mutating func fold(rows: Int, lastAddress: UInt64) {
            if lastAddress >= high { high = lastAddress }
            if let last = highestRow, last >= lastAddress {} else { highestRow = lastAddress }
            untilCheckpoint -= rows
        }
    }

    /// Runs one sequence and keeps the last row at or below `target`, stopping at its end.
    private struct RowFinder: DwarfRowSink {
        let target: UInt64
        var best: (address: UInt64, line: Int32, file: UInt16)?
        var endAddress: UInt64?

        init(target: UInt64) { self.target = target }

        mutating func row(address: UInt64, line: Int32, file: UInt16, endsSequence: Bool, next: Int) -> Bool {
            if endsSequence {
                endAddress = address
                return false
            }
            // Rows ascend here, so once past the target nothing later (the end row included) can
            // be at or below it.
            guard address <= target else { return false }
            best = (address, line, file)
            return true
        }
    }
}
