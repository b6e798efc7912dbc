import Foundation
import Testing
@testable import SonoraProfiler

/// The process-wide table cache, keyed by build id: hit by a second session, never stale.
@Suite struct SymbolizerBuildIDCacheTests {
    /// Where `tiny_add` (link address 0x400150, 4 bytes) runs in the fake loaded objects below.
    static let loadBias: UInt64 = 0x7000_0000
    static let tinyAdd: UInt64 = 0x400151

    /// `tiny-exec.bin` with a fresh random build id, and `tiny_add` renamed to `name` (8 bytes).
    static func variant(naming name: String) throws -> (bytes: [UInt8], buildID: String) {
        precondition(name.utf8.count == 8)
        var bytes = Array(try Data(contentsOf: fixtures.url("elf/tiny-exec.bin")))
        let original = try #require(bytes.withUnsafeBytes { buffer in
            try ELFImage(file: MappedFile(name: "tiny-exec.bin", borrowing: buffer)).buildID()
        })
        let idBytes = stride(from: 0, to: original.count, by: 2).map { UInt8(original.dropFirst($0).prefix(2), radix: 16)! }
        let idStart = try #require(Self.firstIndex(of: idBytes, in: bytes))
        var fresh: [UInt8] = (0..<idBytes.count).map { _ in UInt8.random(in: 0...255) }
        fresh[0] = 0xC0  // never the fixture's own id
        bytes.replaceSubrange(idStart..<idStart + idBytes.count, with: fresh)
        let nameStart = try #require(Self.firstIndex(of: Array("tiny_add".utf8) + [0], in: bytes))
        bytes.replaceSubrange(nameStart..<nameStart + 8, with: Array(name.utf8))
        return (bytes, fresh.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    /// The object as the loader would report it, loaded at ``loadBias``.
    static func object(path: String, buildID: String) -> LoadedObject {
        LoadedObject(
            path: path, hasFile: true, loadBias: loadBias,
            codeRanges: [.init(start: loadBias + 0x400000, end: loadBias + 0x401000, fileOffset: 0)], buildID: buildID)
    }

    /// Writes `bytes` to `path` and returns a symbolizer over it, as a loaded object with `buildID`.
    static func symbolizer(writing bytes: [UInt8], to path: String, buildID: String) throws -> ELFSymbolizer {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return ELFSymbolizer(objects: [object(path: path, buildID: buildID)])
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sonora-buildid-\(UUID().uuidString).bin").path
    }

    @Test func aSecondSessionTakesTheTablesFromTheCacheWithoutReadingTheFile() throws {
        let (bytes, buildID) = try Self.variant(naming: "tiny_one")
        let path = Self.temporaryPath()
        var first = try Self.symbolizer(writing: bytes, to: path, buildID: buildID)
        #expect(first.symbolize(Self.loadBias + Self.tinyAdd).function == "tiny_one")
        #expect(first.statistics.tablesReused == 0)
        // Without the cache, the second session would have to read the file, which is gone.
        try FileManager.default.removeItem(atPath: path)
        var second = ELFSymbolizer(objects: [Self.object(path: path, buildID: buildID)])
        #expect(second.symbolize(Self.loadBias + Self.tinyAdd).function == "tiny_one")
        #expect(second.statistics.tablesReused == 1)
        #expect(second.statistics.objectsLoaded == 1)
    }

    @Test func aRebuiltFileAtTheSamePathIsReadAgainNotServedStale() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old = try Self.variant(naming: "tiny_old")
        var before = try Self.symbolizer(writing: old.bytes, to: path, buildID: old.buildID)
        #expect(before.symbolize(Self.loadBias + Self.tinyAdd).function == "tiny_old")

        let new = try Self.variant(naming: "tiny_new")
        var after = try Self.symbolizer(writing: new.bytes, to: path, buildID: new.buildID)
        #expect(after.symbolize(Self.loadBias + Self.tinyAdd).function == "tiny_new")
        #expect(after.statistics.tablesReused == 0)
    }

    @Test func aFileWhoseBuildIDNoLongerMatchesTheLoadedObjectIsNotUsed() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let replaced = try Self.variant(naming: "tiny_dsk")
        // The loader mapped another build from this path; the file's symbols would be wrong.
        let loaded = try Self.variant(naming: "tiny_mem").buildID
        var symbolizer = try Self.symbolizer(writing: replaced.bytes, to: path, buildID: loaded)
        let info = symbolizer.symbolize(Self.loadBias + Self.tinyAdd)
        #expect(info.function.hasPrefix("0x"))
        #expect(info.objectPath == path)
    }
}
