import Foundation
import Testing
@testable import SonoraSystem

@Suite struct ProcMapsTests {
    @Test func parsesEveryLineOfARealMapsFile() throws {
        let text = try fixtures.text("proc/maps-python.txt")
        let maps = try ProcMaps.parse(text)
        #expect(maps.regions.count == text.split(separator: "\n").count)
        let heap = try #require(maps.regions.first { $0.path == "[heap]" })
        #expect(heap.start == 0x5568_cb79_d000)
        #expect(heap.end == 0x5568_cb93_0000)
        #expect(heap.permissions == "rw-p")
        #expect(!heap.isExecutable)
        let vdso = try #require(maps.regions.first { $0.path == "[vdso]" })
        #expect(vdso.isExecutable)
        #expect(!vdso.isFileBacked)
    }

    @Test func findsTheRegionContainingAnAddress() throws {
        let maps = try ProcMaps.parse(fixtures.text("proc/maps-python.txt"))
        #expect(maps.region(containing: 0x5568_cb79_d000 + 5)?.path == "[heap]")
        #expect(maps.region(containing: 0x5568_cb93_0000)?.path != "[heap]")
        #expect(maps.region(containing: 0x10) == nil)
    }

    @Test func keepsPathsWithSpacesAndDeletedMarkers() throws {
        let text = """
            7f0000000000-7f0000001000 r-xp 00001000 fe:00 42                         /tmp/my dir/lib two.so (deleted)
            7f0000002000-7f0000003000 rw-p 00000000 00:00 0
            """
        let maps = try ProcMaps.parse(text)
        #expect(maps.regions[0].path == "/tmp/my dir/lib two.so (deleted)")
        #expect(maps.regions[0].offset == 0x1000)
        #expect(maps.regions[0].inode == 42)
        #expect(maps.regions[1].path == "")
    }

    @Test func aBadAddressRangeNamesTheFileAndLine() throws {
        let error = try parseError("maps-bad-range.txt") { try ProcMaps.parse($0, path: $1) }
        #expect(error.code == .malformedProcFile)
        #expect(error.message.contains("maps-bad-range.txt, line 3"))
        #expect(error.message.contains("zzzz"))
    }

    @Test func thisProcessMapsContainItsExecutable() throws {
        let maps = try ProcMaps.readSelf()
        let executable = try Syscall.readLink("/proc/self/exe")
        #expect(maps.regions.contains { $0.path == executable && $0.isExecutable })
    }
}
