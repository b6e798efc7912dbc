import Testing
@testable import SonoraProfiler

/// The sequence index answers exactly as a decode of the whole unit, and decodes less.
@Suite struct DwarfLineSequencesTests {
    /// A DWARF 4 line program with files `a.c` and `b.h` and the given sequences, each a start
    /// address, rows as (address advance, line advance, file) and the advance to its end.
    static func program(_ sequences: [(start: UInt64, rows: [(advance: UInt8, line: Int8, file: UInt8)], end: UInt8)]) -> [UInt8] {
        var program: [UInt8] = [4, 0]  // version
        var header: [UInt8] = [1, 1, 1, 0xFB, 14, 13]  // min_inst, max_ops, default_is_stmt, line_base -5, line_range, opcode_base
        header += [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]  // standard_opcode_lengths
        header += [0]  // no include directories
        header += Array("a.c".utf8) + [0, 0, 0, 0] + Array("b.h".utf8) + [0, 0, 0, 0] + [0]
        program += withUnsafeBytes(of: UInt32(header.count).littleEndian) { Array($0) } + header
        for sequence in sequences {
            program += [0, 9, 2] + withUnsafeBytes(of: sequence.start.littleEndian) { Array($0) }  // set_address
            for row in sequence.rows {
                program += [4, row.file, 2, row.advance, 3, UInt8(bitPattern: row.line) & 0x7F, 1]  // set_file, advance_pc, advance_line, copy
            }
            program += [2, sequence.end, 0, 1, 1]  // advance_pc, end_sequence
        }
        return withUnsafeBytes(of: UInt32(program.count).littleEndian) { Array($0) } + program
    }

    /// Compares the index with the whole decode at every address from 0xFF0 to 0x1060.
    /// - Returns: How many addresses the index answered itself.
    static func compare(_ unit: [UInt8], checkpointSpacing: Int = 2) throws -> (decided: Int, mismatches: [String]) {
        try unit.withUnsafeBytes { buffer in
            let sections = DwarfLineProgram.Sections(line: buffer, lineStrings: nil, strings: nil)
            let header = try DwarfLineHeader(sections: sections, offset: 0, compilationDirectory: "/src")
            let whole = try DwarfLineProgram(header: header, line: buffer)
            let index = try DwarfLineSequences(header: header, line: buffer, checkpointSpacing: checkpointSpacing)
            var decided = 0
            var mismatches: [String] = []
            for address in UInt64(0xFF0)..<0x1060 {
                guard case .found(let answer) = index.lookup(address, line: buffer) else { continue }
                decided += 1
                let expected = whole.lookup(address)
                if answer?.file != expected?.file || answer?.line != expected?.line {
                    mismatches.append("0x\(String(address, radix: 16)): \(String(describing: answer)) vs \(String(describing: expected))")
                }
            }
            return (decided, mismatches)
        }
    }

    @Test func adjacentSequencesAnswerAsTheWholeDecodeAtEveryAddress() throws {
        // f1 at 0x1000..0x1008, f2 from its end to 0x1010, a gap, f3 at 0x1020 with two rows at
        // one address and a row at its own end address.
        let unit = Self.program([
            (0x1000, [(0, 1, 1), (4, 2, 2)], 4),
            (0x1008, [(0, 5, 1), (2, 1, 1)], 6),
            (0x1020, [(0, 3, 2), (0, 1, 1), (4, 1, 2), (4, 1, 1)], 0),
        ])
        for spacing in [1, 2, 32] {
            let (decided, mismatches) = try Self.compare(unit, checkpointSpacing: spacing)
            #expect(mismatches.isEmpty, "checkpoints every \(spacing) rows: \(mismatches)")
            #expect(decided > 0x60, "the index answers the clean cases itself, \(decided) of 0x70")
        }
    }

    @Test func randomOverlappingAndBackwardSequencesNeverGiveAnotherAnswer() throws {
        var generator = SplitMix(seed: 0x5EED)
        var decidedTotal = 0
        for round in 0..<400 {
            var sequences: [(start: UInt64, rows: [(advance: UInt8, line: Int8, file: UInt8)], end: UInt8)] = []
            for _ in 0..<Int(generator.next() % 5 + 1) {
                let start = 0x1000 + generator.next() % 0x40
                let rows = (0..<Int(generator.next() % 5)).map { _ in
                    (UInt8(generator.next() % 6), Int8(generator.next() % 7) - 2, UInt8(generator.next() % 3 + 1))
                }
                sequences.append((start, rows, UInt8(generator.next() % 6)))
            }
            for spacing in [1, 2, 32] {
                let (decided, mismatches) = try Self.compare(Self.program(sequences), checkpointSpacing: spacing)
                #expect(mismatches.isEmpty, "round \(round), checkpoints every \(spacing) rows: \(mismatches.prefix(3)) in \(sequences)")
                decidedTotal += decided
            }
        }
        #expect(decidedTotal > 3 * 400 * 0x70 / 4, "the index decides most addresses: \(decidedTotal)")
    }

    /// Like ``program(_:)``, but each row is a special opcode or `DW_LNS_copy` after the opcodes
    /// Swift puts between rows (`set_column`, `advance_line`, `set_file`, `const_add_pc`,
    /// `negate_stmt`, `advance_pc`), so the skim folds runs of rows between its checkpoints.
    static func compilerStyleProgram(_ generator: inout SplitMix) -> [UInt8] {
        var program: [UInt8] = [4, 0]
        var header: [UInt8] = [1, 1, 1, 0xFB, 14, 13]
        header += [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]
        header += [0]
        header += Array("a.c".utf8) + [0, 0, 0, 0] + Array("b.h".utf8) + [0, 0, 0, 0] + [0]
        program += withUnsafeBytes(of: UInt32(header.count).littleEndian) { Array($0) } + header
        for _ in 0..<Int(generator.next() % 4 + 1) {
            let start = 0x1000 + generator.next() % 0x30
            program += [0, 9, 2] + withUnsafeBytes(of: start.littleEndian) { Array($0) }
            for _ in 0..<Int(generator.next() % 12) {
                if generator.next() % 2 == 0 { program += [5, UInt8(generator.next() % 0x7F) | 0x80, 1] }  // set_column, two-byte ULEB
                if generator.next() % 3 == 0 { program += [3, UInt8(generator.next() % 0x10) | 0x70] }  // advance_line, negative SLEB
                if generator.next() % 4 == 0 { program += [4, UInt8(generator.next() % 2 + 1)] }  // set_file
                if generator.next() % 9 == 0 { program += [8] }  // const_add_pc
                if generator.next() % 5 == 0 { program += [6] }  // negate_stmt
                if generator.next() % 6 == 0 { program += [2, UInt8(generator.next() % 3)] }  // advance_pc
                if generator.next() % 7 == 0 {
                    program += [1]  // copy
                } else {
                    program += [UInt8(13 + (generator.next() % 4) * 14 + generator.next() % 14)]  // special opcode
                }
            }
            program += [2, UInt8(generator.next() % 6), 0, 1, 1]
        }
        return withUnsafeBytes(of: UInt32(program.count).littleEndian) { Array($0) } + program
    }

    @Test func foldedRowsOfCompilerStyleProgramsGiveTheWholeDecodesAnswers() throws {
        var generator = SplitMix(seed: 0xF01D)
        var decidedTotal = 0
        for round in 0..<300 {
            let unit = Self.compilerStyleProgram(&generator)
            for spacing in [1, 2, 3, 32] {
                let (decided, mismatches) = try Self.compare(unit, checkpointSpacing: spacing)
                #expect(mismatches.isEmpty, "round \(round), checkpoints every \(spacing) rows: \(mismatches.prefix(3))")
                decidedTotal += decided
            }
        }
        #expect(decidedTotal > 300 * 4 * 0x70 / 4, "the index decides most addresses: \(decidedTotal)")
    }

    @Test func theExecutablesLinesComeFromFewWholeUnits() throws {
        let (path, image, addresses) = try DwarfLineTableTests.executableAddresses(limit: 2000)
        let table = try #require(DwarfLineTable(path: path, image: image))
        let whole = try #require(DwarfLineTable(path: path, image: image, indexSequences: false))
        let mismatches = DwarfLineTableTests.mismatches(at: addresses, table.lookup, "", whole.lookup)
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(addresses.count) differ, first: \(mismatches.prefix(5))")
        #expect(table.decodedUnits > 0)
        #expect(table.wholeUnits * 4 < table.decodedUnits, "\(table.wholeUnits) of \(table.decodedUnits) units decoded whole")
        #expect(whole.wholeUnits == whole.decodedUnits)
    }

    /// A seeded generator, so a failing round can be replayed.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
