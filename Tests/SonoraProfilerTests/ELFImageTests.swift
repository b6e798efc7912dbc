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
        let malloc = try #require(dlsym(dlopen(nil, RTLD_LAZY), "malloc"))
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
        let error = try #require(throws: ProfilerError.self) { try ELFImage(path: FixtureFiles.url("elf/not-elf.txt").path) }
        #expect(error.code == .malformedObjectFile)
        #expect(error.message.contains("not-elf.txt is not an ELF file"))
    }

    @Test func refusesATruncatedFileWithoutCrashing() throws {
        let error = try #require(throws: ProfilerError.self) {
            try ELFImage(path: FixtureFiles.url("elf/truncated-libc-header.bin").path)
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
