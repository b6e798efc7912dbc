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

    /// The loaded objects of this process, from `dl_iterate_phdr`.
    ///
    /// The main executable, which the loader names `""`, gets its path from `/proc/self/exe`.
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
                    collector.objects.append(LoadedObject(info.pointee))
                    return 0
                }, Unmanaged.passUnretained(collector).toOpaque())
        }
        return collector.objects
    }

    private init(_ info: dl_phdr_info) {
        let name = info.dlpi_name.map { String(cString: $0) } ?? ""
        loadBias = UInt64(info.dlpi_addr)
        if name.isEmpty {
            path = Self.executablePath() ?? "[executable]"
            hasFile = path.hasPrefix("/")
        } else {
            path = name
            hasFile = name.hasPrefix("/")
        }
        var ranges: [CodeRange] = []
        var buildID: String? = nil
        for index in 0..<Int(info.dlpi_phnum) {
            let header = info.dlpi_phdr[index]
            let start = loadBias &+ UInt64(header.p_vaddr)
            if header.p_type == UInt32(PT_LOAD) && header.p_flags & UInt32(PF_X) != 0 {
                ranges.append(CodeRange(start: start, end: start + UInt64(header.p_memsz), fileOffset: UInt64(header.p_offset)))
            } else if header.p_type == UInt32(PT_NOTE) && buildID == nil, let notes = UnsafeRawPointer(bitPattern: UInt(start)) {
                // Notes sit in a loaded, readable segment; read them in place.
                buildID = ELFImage.buildID(inNotes: UnsafeRawBufferPointer(start: notes, count: Int(header.p_memsz)))
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
