import Foundation
import Testing
@testable import SonoraProfiler

/// The Swift unit index and line-table decoder against libdw, on this test binary's own DWARF.
@Suite struct DwarfLineTableTests {
    /// Link-time addresses spread over the executable's functions: start, middle and last byte.
    static func executableAddresses(limit: Int) throws -> (path: String, image: ELFImage, addresses: [UInt64]) {
        let executable = try #require(LoadedObject.snapshot().first)
        let image = try ELFImage(path: executable.path)
        let table = try ELFSymbolTable(image: image)
        let stride = max(table.entries.count / limit, 1)
        var addresses: [UInt64] = []
        for index in Swift.stride(from: 0, to: table.entries.count, by: stride) {
            let entry = table.entries[index]
            addresses += [entry.address, entry.address + entry.size / 2, entry.address + max(entry.size, 1) - 1]
        }
        return (executable.path, image, addresses)
    }

    /// The addresses where two line tables disagree on the file or the line, one description each.
    static func mismatches(
        at addresses: [UInt64], _ mine: (UInt64) -> (file: String, line: Int?)?, _ theirName: String,
        _ theirs: (UInt64) -> (file: String, line: Int?)?
    ) -> [String] {
        addresses.compactMap { address in
            let (mine, theirs) = (mine(address), theirs(address))
            guard mine?.file != theirs?.file || mine?.line != theirs?.line else { return nil }
            return "0x\(String(address, radix: 16)): \(String(describing: mine)) vs \(theirName)\(String(describing: theirs))"
        }
    }

    @Test func theSwiftReadersGiveLibdwsFileAndLineForEveryAddress() throws {
        let (path, image, addresses) = try Self.executableAddresses(limit: 4000)
        #expect(image.hasLineInfo, "the test binary carries DWARF")
        let decoded = try #require(DwarfLineTable(path: path, image: image))
        let libdw = try #require(LibdwLineTable(path: path))
        let mismatches = Self.mismatches(at: addresses, decoded.lookup, "libdw ", libdw.lookup)
        let withLine = addresses.count(where: { libdw.lookup($0)?.line != nil })
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(addresses.count) differ, first: \(mismatches.prefix(5))")
        #expect(withLine > addresses.count / 4, "most of a debug build's functions have lines")
        #expect(decoded.indexedInSwift, "the units were listed in Swift, not by libdw")
        #expect(decoded.decodedUnits > 0)
        #expect(decoded.libdwUnits == 0, "every unit's line table was decoded in Swift")
    }

    @Test func aTableWithoutAMappedImageAsksLibdw() throws {
        let (path, _, addresses) = try Self.executableAddresses(limit: 50)
        let table = try #require(DwarfLineTable(path: path))
        #expect(!table.indexedInSwift)
        #expect(addresses.contains { table.lookup($0)?.line != nil })
        #expect(table.decodedUnits == 0)
    }

    @Test func aTruncatedOrCorruptLineProgramThrowsInsteadOfCrashing() throws {
        let (_, image, _) = try Self.executableAddresses(limit: 10)
        let line = try #require(image.section(named: ".debug_line"))
        let whole = try image.file.withBytes(offset: Int(line.offset), count: Int(min(line.size, 64 * 1024))) { Array($0) }
        var generator = SystemRandomNumberGenerator()
        var threw = 0
        for cut in Swift.stride(from: 0, to: whole.count, by: max(whole.count / 200, 1)) {
            var bytes = Array(whole[..<cut])
            if cut % 2 == 1, !bytes.isEmpty {
                for _ in 0..<8 { bytes[Int.random(in: bytes.indices, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            }
            do {
                _ = try bytes.withUnsafeBytes { buffer in
                    try DwarfLineProgram(sections: .init(line: buffer, lineStrings: nil, strings: nil), offset: 0, compilationDirectory: "/src")
                }
            } catch is DwarfLineProgram.Unsupported {
                threw += 1
            }
        }
        #expect(threw > 0, "a program cut short must throw")
    }

    @Test func aProgramOfVersionFourNamesFilesUnderTheCompilationDirectory() throws {
        // A hand-built DWARF 4 program: include directory "inc", files "a.c" (directory 0) and
        // "b.h" (directory 1), rows at 0x1000 (a.c:3) and 0x1004 (b.h:5), then the end at 0x1008.
        var program: [UInt8] = [4, 0]  // version
        var header: [UInt8] = [1, 1, 1, 0xFB, 14, 13]  // min_inst, max_ops, default_is_stmt, line_base -5, line_range, opcode_base
        header += [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]  // standard_opcode_lengths
        header += Array("inc".utf8) + [0, 0]
        header += Array("a.c".utf8) + [0, 0, 0, 0] + Array("b.h".utf8) + [0, 1, 0, 0] + [0]
        program += withUnsafeBytes(of: UInt32(header.count).littleEndian) { Array($0) } + header
        program += [0, 9, 2] + withUnsafeBytes(of: UInt64(0x1000).littleEndian) { Array($0) }  // set_address
        program += [3, 2, 1]  // advance_line +2, copy
        program += [4, 2, 3, 2, 2, 4, 1]  // set_file 2, advance_line +2, advance_pc 4, copy
        program += [2, 4, 0, 1, 1]  // advance_pc 4, end_sequence
        let unit = withUnsafeBytes(of: UInt32(program.count).littleEndian) { Array($0) } + program
        let decoded = try unit.withUnsafeBytes { buffer in
            try DwarfLineProgram(sections: .init(line: buffer, lineStrings: nil, strings: nil), offset: 0, compilationDirectory: "/src")
        }
        #expect(decoded.files.map(\.path) == ["???", "a.c", "b.h"])
        #expect(decoded.directories == ["/src", "inc"])
        #expect(decoded.lookup(0x0FFF) == nil)
        #expect(decoded.lookup(0x1000)?.file == "/src/a.c")
        #expect(decoded.lookup(0x1003)?.line == 3)
        #expect(decoded.lookup(0x1004)?.file == "inc/b.h")
        #expect(decoded.lookup(0x1007)?.line == 5)
        #expect(decoded.lookup(0x1008) == nil, "the end of the sequence covers nothing")
    }

    @Test func anExtendedOpcodeLengthPastTheProgramThrowsInsteadOfTrapping() throws {
        // The same header as above, then an extended opcode whose ULEB length is 2^63 + 1: more
        // than an Int holds, which trapped when it was converted before the bounds check.
        var program: [UInt8] = [4, 0]
        var header: [UInt8] = [1, 1, 1, 0xFB, 14, 13]
        header += [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]
        header += [0] + Array("a.c".utf8) + [0, 0, 0, 0] + [0]
        program += withUnsafeBytes(of: UInt32(header.count).littleEndian) { Array($0) } + header
        program += [0] + [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01] + [1]
        let unit = withUnsafeBytes(of: UInt32(program.count).littleEndian) { Array($0) } + program
        #expect(throws: DwarfLineProgram.Unsupported.self) {
            try unit.withUnsafeBytes { buffer in
                try DwarfLineProgram(sections: .init(line: buffer, lineStrings: nil, strings: nil), offset: 0, compilationDirectory: "/src")
            }
        }
    }
}
