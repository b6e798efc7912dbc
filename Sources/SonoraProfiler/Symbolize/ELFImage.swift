/// A parsed 64-bit little-endian ELF file: its sections, loadable segments, symbols and build id.
///
/// The parser reads only headers eagerly; symbol tables are read by ``symbolTable()``.
struct ELFImage {
    /// One section header.
    struct Section {
        var name: String
        var type: UInt32
        /// `sh_flags`; `SHF_COMPRESSED` (0x800) marks a zlib- or zstd-compressed section.
        var flags: UInt64 = 0
        var address: UInt64
        var offset: UInt64
        var size: UInt64
        var link: UInt32
        var entrySize: UInt64
    }

    /// One program header.
    struct Segment {
        var type: UInt32
        var flags: UInt32
        var offset: UInt64
        var virtualAddress: UInt64
        var fileSize: UInt64
        var memorySize: UInt64

        var isLoadable: Bool { type == 1 }  // PT_LOAD
        var isExecutable: Bool { flags & 1 != 0 }  // PF_X
    }

    let file: MappedFile
    /// `ET_EXEC` (2), `ET_DYN` (3), ...
    let fileType: UInt16
    let sections: [Section]
    let segments: [Segment]

    var path: String { file.path }

    /// Opens and parses the headers of the ELF file at `path`.
    /// - Throws: ``ProfilerError`` `.unreadableFile` when the file cannot be mapped, or
    ///   `.malformedObjectFile` when it is not a 64-bit little-endian ELF file or a header is cut off.
    init(path: String) throws {
        try self.init(file: MappedFile(path: path))
    }

    init(file: MappedFile) throws {
        self.file = file
        let magic = try file.load(UInt32.self, at: 0)
        guard magic == 0x464C_457F else {
            throw ProfilerError(.malformedObjectFile, "\(file.path) is not an ELF file (no \\x7fELF magic)")
        }
        guard try file.load(UInt8.self, at: 4) == 2, try file.load(UInt8.self, at: 5) == 1 else {
            throw ProfilerError(.malformedObjectFile, "\(file.path) is not a 64-bit little-endian ELF file")
        }
        fileType = try file.load(UInt16.self, at: 16)
        // Every offset is checked against the file before any arithmetic, so a corrupt header
        // throws instead of trapping on an overflow.
        let programHeaderOffset = try Self.offset(try file.load(UInt64.self, at: 32), "e_phoff", in: file)
        let sectionHeaderOffset = try Self.offset(try file.load(UInt64.self, at: 40), "e_shoff", in: file)
        let programHeaderSize = Int(try file.load(UInt16.self, at: 54))
        let programHeaderCount = Int(try file.load(UInt16.self, at: 56))
        let sectionHeaderSize = Int(try file.load(UInt16.self, at: 58))
        var sectionCount = Int(try file.load(UInt16.self, at: 60))
        var nameSectionIndex = Int(try file.load(UInt16.self, at: 62))

        guard programHeaderCount == 0 || programHeaderSize >= 56 else {
            throw ProfilerError(.malformedObjectFile, "\(file.path): program header size \(programHeaderSize) is below 56")
        }
        guard file.contains(offset: programHeaderOffset, count: programHeaderCount * programHeaderSize) else {
            throw ProfilerError(.malformedObjectFile, "\(file.path): \(programHeaderCount) program headers at offset \(programHeaderOffset) pass the end of the file")
        }
        var segments: [Segment] = []
        for index in 0..<programHeaderCount {
            let base = programHeaderOffset + index * programHeaderSize
            segments.append(
                Segment(
                    type: try file.load(UInt32.self, at: base), flags: try file.load(UInt32.self, at: base + 4),
                    offset: try file.load(UInt64.self, at: base + 8),
                    virtualAddress: try file.load(UInt64.self, at: base + 16),
                    fileSize: try file.load(UInt64.self, at: base + 32),
                    memorySize: try file.load(UInt64.self, at: base + 40)))
        }
        self.segments = segments

        guard sectionHeaderOffset == 0 || sectionHeaderSize >= 64 else {
            throw ProfilerError(.malformedObjectFile, "\(file.path): section header size \(sectionHeaderSize) is below 64")
        }
        // Extended numbering: counts that do not fit live in section 0.
        if sectionHeaderOffset != 0 && (sectionCount == 0 || nameSectionIndex == 0xFFFF) {
            if sectionCount == 0 {
                let extended = try file.load(UInt64.self, at: sectionHeaderOffset + 32)
                guard extended <= UInt64(file.count / 64) else {
                    throw ProfilerError(.malformedObjectFile, "\(file.path): section count \(extended) cannot fit in the \(file.count)-byte file")
                }
                sectionCount = Int(extended)
            }
            if nameSectionIndex == 0xFFFF { nameSectionIndex = Int(try file.load(UInt32.self, at: sectionHeaderOffset + 40)) }
        }
        if sectionHeaderOffset != 0 {
            guard file.contains(offset: sectionHeaderOffset, count: sectionCount * sectionHeaderSize) else {
                throw ProfilerError(.malformedObjectFile, "\(file.path): \(sectionCount) section headers at offset \(sectionHeaderOffset) pass the end of the file")
            }
        }
        var raw: [(nameOffset: UInt32, section: Section)] = []
        if sectionHeaderOffset != 0 {
            for index in 0..<sectionCount {
                let base = sectionHeaderOffset + index * sectionHeaderSize
                raw.append(
                    (
                        try file.load(UInt32.self, at: base),
                        Section(
                            name: "", type: try file.load(UInt32.self, at: base + 4),
                            flags: try file.load(UInt64.self, at: base + 8),
                            address: try file.load(UInt64.self, at: base + 16),
                            offset: try file.load(UInt64.self, at: base + 24),
                            size: try file.load(UInt64.self, at: base + 32),
                            link: try file.load(UInt32.self, at: base + 40),
                            entrySize: try file.load(UInt64.self, at: base + 56))
                    ))
            }
        }
        if nameSectionIndex < raw.count {
            let names = raw[nameSectionIndex].section
            // A name table outside the file leaves every section unnamed rather than failing.
            if let start = try? Self.offset(names.offset, "sh_offset", in: file),
                let size = try? Self.offset(names.size, "sh_size", in: file), file.contains(offset: start, count: size)
            {
                for index in raw.indices {
                    raw[index].section.name = file.cString(at: start + Int(raw[index].nameOffset), limit: start + size) ?? ""
                }
            }
        }
        sections = raw.map(\.section)
    }

    /// `value`, a file offset or size read from a header, as an `Int` no larger than the file.
    /// - Throws: ``ProfilerError`` `.malformedObjectFile` naming `field` when it passes the end of the file.
    static func offset(_ value: UInt64, _ field: String, in file: MappedFile) throws -> Int {
        guard value <= UInt64(file.count) else {
            throw ProfilerError(.malformedObjectFile, "\(file.path): \(field) \(value) passes the end of the \(file.count)-byte file")
        }
        return Int(value)
    }

    /// The first section called `name`.
    func section(named name: String) -> Section? {
        sections.first { $0.name == name }
    }

    /// Calls `body` with the bytes of each section in `names`, or `nil` for one that is missing,
    /// compressed (`SHF_COMPRESSED`), without bytes in the file (`SHT_NOBITS`) or outside the file.
    func withSections<R>(_ names: [String], _ body: ([UnsafeRawBufferPointer?]) throws -> R) throws -> R {
        try withSections(at: sectionRanges(names), body)
    }

    /// Where in the file the bytes of each section in `names` lie, or `nil` as for
    /// ``withSections(_:_:)``: found once, for callers that read the same sections often.
    func sectionRanges(_ names: [String]) -> [Range<Int>?] {
        names.map { name in
            guard let section = section(named: name), section.type != 8, section.flags & 0x800 == 0,
                let offset = try? Self.offset(section.offset, "sh_offset", in: file),
                let size = try? Self.offset(section.size, "sh_size", in: file), file.contains(offset: offset, count: size)
            else { return nil }
            return offset..<offset + size
        }
    }

    /// Calls `body` with the bytes of each range from ``sectionRanges(_:)``.
    func withSections<R>(at ranges: [Range<Int>?], _ body: ([UnsafeRawBufferPointer?]) throws -> R) throws -> R {
        try file.withBytes(offset: 0, count: file.count) { whole in
            try body(ranges.map { range in range.map { UnsafeRawBufferPointer(rebasing: whole[$0]) } })
        }
    }

    /// Whether the file carries DWARF line tables.
    var hasLineInfo: Bool { section(named: ".debug_line") != nil && section(named: ".debug_info") != nil }

    /// The lowest virtual address of a loadable segment: what the load bias is measured from.
    var lowestLoadAddress: UInt64 {
        segments.filter(\.isLoadable).map(\.virtualAddress).min() ?? 0
    }

    /// The GNU build id from the `.note.gnu.build-id` section (or any note section), hex-encoded.
    ///
    /// - Returns: `nil` when the file has no `NT_GNU_BUILD_ID` note.
    func buildID() -> String? {
        for section in sections where section.type == 7 {  // SHT_NOTE
            if let offset = try? Self.offset(section.offset, "sh_offset", in: file),
                let size = try? Self.offset(section.size, "sh_size", in: file),
                let id = try? Self.buildID(inNotes: file, offset: offset, size: size)
            {
                return id
            }
        }
        for segment in segments where segment.type == 4 {  // PT_NOTE
            if let offset = try? Self.offset(segment.offset, "p_offset", in: file),
                let size = try? Self.offset(segment.fileSize, "p_filesz", in: file),
                let id = try? Self.buildID(inNotes: file, offset: offset, size: size)
            {
                return id
            }
        }
        return nil
    }

    /// Finds an `NT_GNU_BUILD_ID` note among the notes in `file[offset ..< offset + size]`.
    static func buildID(inNotes file: MappedFile, offset: Int, size: Int) throws -> String? {
        try file.withBytes(offset: offset, count: size) { buildID(inNotes: $0) }
    }

    /// Finds an `NT_GNU_BUILD_ID` note in a buffer of ELF notes (file bytes or a loaded `PT_NOTE`).
    static func buildID(inNotes notes: UnsafeRawBufferPointer) -> String? {
        var cursor = 0
        func align4(_ value: Int) -> Int { (value + 3) & ~3 }
        while cursor + 12 <= notes.count {
            let nameSize = Int(UInt32(littleEndian: notes.loadUnaligned(fromByteOffset: cursor, as: UInt32.self)))
            let descriptionSize = Int(UInt32(littleEndian: notes.loadUnaligned(fromByteOffset: cursor + 4, as: UInt32.self)))
            let type = UInt32(littleEndian: notes.loadUnaligned(fromByteOffset: cursor + 8, as: UInt32.self))
            let nameStart = cursor + 12
            let descriptionStart = nameStart + align4(nameSize)
            guard nameSize <= notes.count, descriptionSize <= notes.count,
                descriptionStart + descriptionSize <= notes.count
            else { return nil }
            let isGNU = nameSize == 4 && Array(notes[nameStart..<nameStart + 4]) == [0x47, 0x4E, 0x55, 0]
            if isGNU && type == 3 && descriptionSize > 0 {  // NT_GNU_BUILD_ID
                return notes[descriptionStart..<descriptionStart + descriptionSize]
                    .map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
            }
            cursor = descriptionStart + align4(descriptionSize)
        }
        return nil
    }
}
