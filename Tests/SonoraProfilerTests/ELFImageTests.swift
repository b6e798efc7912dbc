import SonoraSystem
import Foundation
import Testing
@testable import SonoraProfiler

@Suite struct ELFImageTests {
    @Test func parsesTheSectionsAndSymbolsOfLibc() throws {
        let object = try #require(LoadedObject.snapshot().first { $0.path.contains("/libc.so") })
        let image = try ELFImage(path: object.path)
        #expect(image.fileType == 3)  // ET_DYN
        #expect(image.section(named: ".dynsym") != nil)
        #expect(image.section(named: ".text") != nil)
        let table = try ELFSymbolTable(image: image, sectionTypes: [11])
        #expect(table.entries.count > 1000)
        #expect(zip(table.entries, table.entries.dropFirst()).allSatisfy { $0.address < $1.address })
        // libc's own malloc: the test executable interposes malloc (SonoraBench's allocation counter).
        let malloc = try #require(dlsym(dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD), "malloc"))
        let match = try #require(table.lookup(UInt64(UInt(bitPattern: malloc)) - object.loadBias + 3))
        #expect(match.name == "malloc" || match.name == "__libc_malloc")
    }

    @Test func readsTheSameBuildIDFromTheFileAsTheLoaderHasInMemory() throws {
        let objects = LoadedObject.snapshot().filter { $0.hasFile && $0.buildID != nil }
        #expect(objects.count >= 2)
        for object in objects.prefix(5) {
            let fromFile = try ELFImage(path: object.path).buildID()
            #expect(fromFile == object.buildID, "\(object.path)")
            #expect(fromFile?.count == 40, "\(object.path)")  // SHA-1 build ids are 20 bytes
        }
    }

    @Test func refusesAFileThatIsNotELF() throws {
        let error = try #require(throws: ProfilerError.self) { try ELFImage(path: fixtures.url("elf/not-elf.txt").path) }
        #expect(error.code == .malformedObjectFile)
        #expect(error.message.contains("not-elf.txt is not an ELF file"))
    }

    @Test func refusesATruncatedFileWithoutCrashing() throws {
        let error = try #require(throws: ProfilerError.self) {
            try ELFImage(path: fixtures.url("elf/truncated-libc-header.bin").path)
        }
        #expect(error.code == .malformedObjectFile)
        #expect(error.message.contains("passes the end"))
    }

    @Test func aMissingFileIsUnreadable() throws {
        let error = try #require(throws: ProfilerError.self) { try ELFImage(path: "/no/such/object.so") }
        #expect(error.code == .unreadableFile)
    }

    @Test func aSizedSymbolCoversOnlyItsSizeAndAnUnsizedOneReachesTheNextSymbol() {
        let entries = [
            ELFSymbolTable.Entry(address: 0x100, size: 0x10, nameOffset: 0),
            ELFSymbolTable.Entry(address: 0x200, size: 0, nameOffset: 0),
            ELFSymbolTable.Entry(address: 0x300, size: 0x8, nameOffset: 0),
        ]
        #expect(ELFSymbolTable.index(containing: 0xFF, in: entries) == nil)
        #expect(ELFSymbolTable.index(containing: 0x100, in: entries) == 0)
        #expect(ELFSymbolTable.index(containing: 0x10F, in: entries) == 0)
        #expect(ELFSymbolTable.index(containing: 0x110, in: entries) == nil)
        #expect(ELFSymbolTable.index(containing: 0x2FF, in: entries) == 1)
        #expect(ELFSymbolTable.index(containing: 0x307, in: entries) == 2)
        #expect(ELFSymbolTable.index(containing: 0x308, in: entries) == nil)
    }
}

@Suite struct ELFSymbolSortTests {
    @Test func packedAndPlainSortsAgree() {
        var generator = SystemRandomNumberGenerator()
        let small = (0..<2000).map { index in
            ELFSymbolTable.Entry(
                address: UInt64.random(in: 0x1000..<0x1400, using: &generator), size: UInt64(index % 3),
                nameOffset: index, rank: UInt32.random(in: 0..<4, using: &generator))
        }
        var packed = small
        ELFSymbolTable.sortByAddressThenRank(&packed)
        // A huge address forces the closure sort; it must order the rest the same way.
        var plain = small + [ELFSymbolTable.Entry(address: 1 << 50, size: 0, nameOffset: -1, rank: 0)]
        ELFSymbolTable.sortByAddressThenRank(&plain)
        #expect(plain.last?.nameOffset == -1)
        let key = { (entry: ELFSymbolTable.Entry) in "\(entry.address)/\(entry.rank)" }
        #expect(packed.map(key) == plain.dropLast().map(key))
        #expect(zip(packed, packed.dropFirst()).allSatisfy { ($0.address, $0.rank) <= ($1.address, $1.rank) })
    }

    @Test func theBlockedSearchFindsWhatAFullSearchFinds() throws {
        let path = try #require(LoadedObject.snapshot().first { $0.hasFile && $0.path.hasSuffix("Tests.xctest") || $0.path.contains("PackageTests") }?.path)
        let table = try ELFSymbolTable(image: try ELFImage(path: path))
        #expect(table.addresses.count > 10 * ELFSymbolTable.blockSize, "\(table.addresses.count) functions")
        var probes: [UInt64] = [0, 1, UInt64.max, table.addresses.last! &+ 1]
        for address in table.addresses { probes += [address &- 1, address, address &+ 1] }
        let mismatches = probes.filter { table.upperBound(of: $0) != table.addresses.upperBound(of: $0) { $0 } }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(probes.count) differ")
    }
}

@Suite struct ELFLoadedObjectsTests {
    @Test func everyLoadedObjectWithAFileParsesAndHasFunctions() throws {
        let objects = LoadedObject.snapshot().filter(\.hasFile)
        #expect(objects.count >= 5)
        for object in objects {
            let image = try ELFImage(path: object.path)
            let table = try ELFSymbolTable(image: image)
            #expect(!table.entries.isEmpty, "\(object.path)")
            #expect(!object.codeRanges.isEmpty, "\(object.path)")
        }
    }

    @Test func codeRangesMatchTheExecutableRegionsOfProcMaps() throws {
        let maps = try ProcMaps.readSelf()
        let libc = try #require(LoadedObject.snapshot().first { $0.path.contains("/libc.so") })
        for range in libc.codeRanges {
            let region = try #require(maps.region(containing: range.start))
            #expect(region.isExecutable)
            #expect(region.path.hasSuffix(ProfileBuilder.baseName(libc.path)))
        }
    }
}

@Suite struct ELFUnsizedSymbolTests {
    @Test func anUnsizedSymbolEndsWithItsSection() throws {
        let executable = try #require(LoadedObject.snapshot().first)
        let image = try ELFImage(path: executable.path)
        let initSection = try #require(image.section(named: ".init"))
        let table = try ELFSymbolTable(image: image)
        let index = try #require(ELFSymbolTable.index(containing: initSection.address, in: table.entries))
        #expect(table.name(at: index) == "_init")
        #expect(table.entries[index].address + table.entries[index].size <= initSection.address + initSection.size)
        #expect(table.lookup(initSection.address + initSection.size)?.name != "_init")
    }
}

@Suite struct ELFRadixSortTests {
    /// Keys whose sorted bits span 1 to 42 bits, at sizes that pick 8- and 11-bit digits, split evenly.
    @Test(arguments: [1, 8, 9, 11, 12, 20, 26, 27, 40, 42], [100, 3000, 40000])
    func theRadixSortOrdersLikeAStableComparisonSort(bits: Int, count: Int) {
        var generator = SystemRandomNumberGenerator()
        let keys = (0..<count).map { index in
            UInt64.random(in: 0..<(1 << UInt64(bits)), using: &generator) << 22 | UInt64(index)
        }
        var sorted = keys
        ELFSymbolTable.radixSort(&sorted, fromBit: 22)
        // The low 22 bits hold the original position, so a stable sort on the high bits equals a full sort.
        #expect(sorted == keys.sorted())
    }

    @Test func keysAllEqualAboveTheSortedBitsKeepTheirOrder() {
        let keys = (0..<5000).map { UInt64(7) << 40 | UInt64(4999 - $0) }
        var sorted = keys
        ELFSymbolTable.radixSort(&sorted, fromBit: 22)
        #expect(sorted == keys)
    }
}
