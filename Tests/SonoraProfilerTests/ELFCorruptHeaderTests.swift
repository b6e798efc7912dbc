import Foundation
import Testing
@testable import SonoraProfiler

/// Corrupt headers must throw `.malformedObjectFile`, never trap: each test patches one field of a
/// tiny, valid executable (`Fixtures/elf/tiny-exec.bin`) to a value that overflowed the old parser.
@Suite struct ELFCorruptHeaderTests {
    /// The fixture's bytes.
    static func tinyExecutable() throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.url("elf/tiny-exec.bin")))
    }

    /// Parses `bytes` as an ELF file in memory and reads its symbols and build id.
    static func parse(_ bytes: [UInt8]) throws -> (image: ELFImage, symbols: [String], buildID: String?) {
        try bytes.withUnsafeBytes { memory in
            let image = try ELFImage(file: MappedFile(name: "patched-tiny-exec", borrowing: memory))
            let table = try ELFSymbolTable(image: image)
            let names = table.entries.indices.compactMap { table.name(at: $0) }
            return (image, names, image.buildID())
        }
    }

    static func patch(_ bytes: inout [UInt8], at offset: Int, _ value: UInt64, width: Int = 8) {
        for index in 0..<width { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }

    static func load(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        (0..<width).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    /// Offset of section header `index` in the fixture.
    static func sectionHeader(_ bytes: [UInt8], _ index: Int) -> Int {
        Int(load(bytes, at: 40, width: 8)) + index * Int(load(bytes, at: 58, width: 2))
    }

    @Test func theUntouchedFixtureParsesWithItsSymbolsAndBuildID() throws {
        let parsed = try Self.parse(try Self.tinyExecutable())
        #expect(Set(parsed.symbols).isSuperset(of: ["tiny_add", "tiny_main", "_start"]))
        #expect(parsed.buildID?.count == 40)
        #expect(parsed.image.section(named: ".symtab") != nil)
    }

    @Test(arguments: [(32, "e_phoff"), (40, "e_shoff")])
    func aHeaderOffsetPastInt64MaxThrows(field: Int, name: String) throws {
        var bytes = try Self.tinyExecutable()
        Self.patch(&bytes, at: field, UInt64.max - 7)
        let error = try #require(throws: ProfilerError.self) { try Self.parse(bytes) }
        #expect(error.code == .malformedObjectFile)
        #expect(error.message.contains(name), "\(error.message)")
    }

    @Test func programHeadersThatWouldRunPastTheFileThrow() throws {
        var bytes = try Self.tinyExecutable()
        Self.patch(&bytes, at: 56, 0xFFFF, width: 2)  // e_phnum
        let error = try #require(throws: ProfilerError.self) { try Self.parse(bytes) }
        #expect(error.code == .malformedObjectFile)
    }

    @Test func aHugeExtendedSectionCountThrows() throws {
        var bytes = try Self.tinyExecutable()
        Self.patch(&bytes, at: 60, 0, width: 2)  // e_shnum = 0: the count lives in section 0's sh_size
        Self.patch(&bytes, at: Self.sectionHeader(bytes, 0) + 32, UInt64.max)
        let error = try #require(throws: ProfilerError.self) { try Self.parse(bytes) }
        #expect(error.code == .malformedObjectFile)
        #expect(error.message.contains("section count"))
    }

    @Test func aNameTableWhoseEndOverflowsLeavesSectionsUnnamed() throws {
        var bytes = try Self.tinyExecutable()
        let names = Self.sectionHeader(bytes, Int(Self.load(bytes, at: 62, width: 2)))
        Self.patch(&bytes, at: names + 24, UInt64.max - 15)  // sh_offset + sh_size wraps around
        let image = try bytes.withUnsafeBytes { try ELFImage(file: MappedFile(name: "patched", borrowing: $0)) }
        #expect(image.sections.allSatisfy { $0.name.isEmpty })
    }

    /// Finds the `.symtab` section header of the fixture.
    static func symbolTableHeader(_ bytes: [UInt8]) throws -> Int {
        let image = try bytes.withUnsafeBytes { try ELFImage(file: MappedFile(name: "tiny", borrowing: $0)) }
        let index = try #require(image.sections.firstIndex { $0.name == ".symtab" })
        return sectionHeader(bytes, index)
    }

    @Test(arguments: [(24, UInt64.max - 100, "sh_offset"), (32, UInt64(1) << 63, "sh_size"), (56, 1, "entry size")])
    func aCorruptSymbolTableThrows(field: Int, value: UInt64, mentions: String) throws {
        var bytes = try Self.tinyExecutable()
        Self.patch(&bytes, at: try Self.symbolTableHeader(bytes) + field, value)
        let error = try #require(throws: ProfilerError.self) { try Self.parse(bytes) }
        #expect(error.code == .malformedObjectFile)
        #expect(error.message.contains(mentions), "\(error.message)")
    }

    @Test func aStringTableOffsetPastInt64MaxThrows() throws {
        var bytes = try Self.tinyExecutable()
        let link = Int(Self.load(bytes, at: try Self.symbolTableHeader(bytes) + 40, width: 4))
        Self.patch(&bytes, at: Self.sectionHeader(bytes, link) + 24, UInt64.max)
        let error = try #require(throws: ProfilerError.self) { try Self.parse(bytes) }
        #expect(error.code == .malformedObjectFile)
    }

    @Test func aNoteSectionWithAHugeOffsetOnlyLosesTheBuildID() throws {
        var bytes = try Self.tinyExecutable()
        let image = try bytes.withUnsafeBytes { try ELFImage(file: MappedFile(name: "tiny", borrowing: $0)) }
        for (index, section) in image.sections.enumerated() where section.type == 7 {
            Self.patch(&bytes, at: Self.sectionHeader(bytes, index) + 24, UInt64.max)
        }
        for (index, segment) in image.segments.enumerated() where segment.type == 4 {
            let header = Int(Self.load(bytes, at: 32, width: 8)) + index * Int(Self.load(bytes, at: 54, width: 2))
            Self.patch(&bytes, at: header + 8, UInt64.max)
        }
        #expect(try Self.parse(bytes).buildID == nil)
    }
}
