import SonoraSystem
import CSonoraDwarf

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One object (executable or shared library) loaded in this process, as the loader reports it.
struct LoadedObject: Hashable {
    /// Executable address range of one `PT_LOAD` segment.
    struct CodeRange: Hashable {
        var start: UInt64
        var end: UInt64
        var fileOffset: UInt64
    }

    /// The file on disk, or the loader's name for objects without one (`linux-vdso.so.1`).
    var path: String
    /// Whether `path` names a file that can be opened.
    var hasFile: Bool
    /// What the loader added to the object's link-time addresses (`dlpi_addr`).
    var loadBias: UInt64
    var codeRanges: [CodeRange]
    var buildID: String?
    /// For an object with no file (the vDSO): where its whole ELF image is mapped, from
    /// `/proc/self/maps`, so its symbols can be read from memory.
    var memoryImage: ClosedRange<UInt64>? = nil

    /// The loaded objects of this process, from `dl_iterate_phdr`.
    ///
    /// The main executable, which the loader names `""`, gets its path from `/proc/self/exe`.
    /// `CSonoraDwarf` declares `dl_iterate_phdr` with `struct dl_phdr_info` incomplete (glibc
    /// exposes both only under `_GNU_SOURCE`), so the structures, which the ELF ABI fixes, are
    /// read by offset.
    /// - Complexity: O(objects × program headers). Takes the loader's lock while it runs.
    static func snapshot() -> [LoadedObject] {
        final class Collector {
            var objects: [LoadedObject] = []
        }
        let collector = Collector()
        withExtendedLifetime(collector) {
            _ = dl_iterate_phdr(
                { info, _, context in
                    guard let info, let context else { return 0 }
                    let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                    collector.objects.append(LoadedObject(phdrInfo: UnsafeRawPointer(info)))
                    return 0
                }, Unmanaged.passUnretained(collector).toOpaque())
        }
        var objects = collector.objects
        // The vDSO has no file, but the kernel maps its complete ELF image, section headers included.
        if let index = objects.firstIndex(where: { !$0.hasFile && ($0.path.hasPrefix("linux-vdso") || $0.path.hasPrefix("linux-gate")) }),
            let image = vdsoImage()
        {
            objects[index].memoryImage = image
        }
        return objects
    }

    /// Where the vDSO's ELF image lies in memory: from its own headers (at `getauxval(AT_SYSINFO_EHDR)`,
    /// to the end of its section headers or loaded bytes, rounded up to a page), else from the
    /// `[vdso]` line of `/proc/self/maps`. Reading the headers avoids parsing every mapping of the
    /// process on each snapshot, which cost about 1 ms per cold symbolizer.
    static func vdsoImage() -> ClosedRange<UInt64>? {
        let base = UInt64(getauxval(UInt(AT_SYSINFO_EHDR)))
        if base != 0, let header = UnsafeRawPointer(bitPattern: UInt(base)),
            header.loadUnaligned(as: UInt32.self) == 0x464C_457F, header.load(fromByteOffset: 4, as: UInt8.self) == 2  // ELF, 64-bit
        {
            let programHeaders = header.loadUnaligned(fromByteOffset: 0x20, as: UInt64.self)
            let sectionHeaders = header.loadUnaligned(fromByteOffset: 0x28, as: UInt64.self)
            let programHeaderSize = UInt64(header.loadUnaligned(fromByteOffset: 0x36, as: UInt16.self))
            let programHeaderCount = UInt64(header.loadUnaligned(fromByteOffset: 0x38, as: UInt16.self))
            let sectionHeaderSize = UInt64(header.loadUnaligned(fromByteOffset: 0x3A, as: UInt16.self))
            let sectionHeaderCount = UInt64(header.loadUnaligned(fromByteOffset: 0x3C, as: UInt16.self))
            let limit: UInt64 = 1 << 20  // a vDSO is a few pages; anything larger is not trusted
            var end = max(sectionHeaders + sectionHeaderSize * sectionHeaderCount, programHeaders + programHeaderSize * programHeaderCount, 64)
            if programHeaders < limit, programHeaderSize >= 56, programHeaderCount < 64 {
                for index in 0..<programHeaderCount where programHeaders + (index + 1) * programHeaderSize <= limit {
                    let entry = header + Int(programHeaders + index * programHeaderSize)
                    guard entry.loadUnaligned(as: UInt32.self) == 1 else { continue }  // PT_LOAD
                    end = max(end, entry.loadUnaligned(fromByteOffset: 8, as: UInt64.self) &+ entry.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
                }
            }
            let page = UInt64(max(sysconf(Int32(_SC_PAGESIZE)), 4096))
            let size = (end + page - 1) / page * page
            if sectionHeaders < limit, sectionHeaderCount < 4096, size <= limit { return base...(base + size - 1) }
        }
        guard let region = (try? ProcMaps.readSelf())?.regions.first(where: { $0.path == "[vdso]" }), region.end > region.start else { return nil }
        return region.start...(region.end - 1)
    }

    /// Reads one `struct dl_phdr_info` (64-bit): `dlpi_addr` at 0, `dlpi_name` at 8, `dlpi_phdr`
    /// at 16, `dlpi_phnum` (16 bits) at 24. Each `Elf64_Phdr` is 56 bytes: `p_type` at 0, `p_flags`
    /// at 4, `p_offset` at 8, `p_vaddr` at 16, `p_memsz` at 40.
    private init(phdrInfo info: UnsafeRawPointer) {
        loadBias = info.load(as: UInt64.self)
        let name = info.load(fromByteOffset: 8, as: UnsafePointer<CChar>?.self).map { String(cString: $0) } ?? ""
        let headers = info.load(fromByteOffset: 16, as: UnsafeRawPointer?.self)
        let headerCount = Int(info.load(fromByteOffset: 24, as: UInt16.self))
        if name.isEmpty {
            path = Self.executablePath() ?? "[executable]"
            hasFile = path.hasPrefix("/")
        } else {
            path = name
            hasFile = name.hasPrefix("/")
        }
        var ranges: [CodeRange] = []
        var buildID: String? = nil
        for index in 0..<(headers == nil ? 0 : headerCount) {
            let header = headers! + index * 56
            let type = header.load(as: UInt32.self)
            let flags = header.load(fromByteOffset: 4, as: UInt32.self)
            let fileOffset = header.load(fromByteOffset: 8, as: UInt64.self)
            let start = loadBias &+ header.load(fromByteOffset: 16, as: UInt64.self)
            let memorySize = header.load(fromByteOffset: 40, as: UInt64.self)
            if type == 1 && flags & 1 != 0 {  // PT_LOAD, PF_X
                ranges.append(CodeRange(start: start, end: start + memorySize, fileOffset: fileOffset))
            } else if type == 4 && buildID == nil, let notes = UnsafeRawPointer(bitPattern: UInt(start)) {  // PT_NOTE
                // Notes sit in a loaded, readable segment; read them in place.
                buildID = ELFImage.buildID(inNotes: UnsafeRawBufferPointer(start: notes, count: Int(memorySize)))
            }
        }
        codeRanges = ranges
        self.buildID = buildID
    }

    init(path: String, hasFile: Bool, loadBias: UInt64, codeRanges: [CodeRange], buildID: String?) {
        self.path = path
        self.hasFile = hasFile
        self.loadBias = loadBias
        self.codeRanges = codeRanges
        self.buildID = buildID
    }

    /// The file name without its directory: the module name frames show.
    var baseName: String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Where a separate debug-info file for this object would be, by build id
    /// (`/usr/lib/debug/.build-id/xx/yyyy.debug`, as Debian's `-dbgsym` packages install them).
    var debugFilePath: String? {
        guard let buildID, buildID.count > 2 else { return nil }
        return "/usr/lib/debug/.build-id/\(buildID.prefix(2))/\(buildID.dropFirst(2)).debug"
    }

    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
