import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The symbol tables and line table of one loaded object, with demangled names cached per symbol.
///
/// Immutable after creation except for the two caches, each behind its own `Mutex`, so one
/// instance can serve every symbolizer in the process.
final class ObjectSymbols: Sendable {
    typealias Name = (function: String, mangled: String)

    /// Tables to search in order: the separate debug file's, then the object's own.
    let tables: [ELFSymbolTable]
    let hasLineInfo: Bool
    /// libdw caches line tables inside its handle, so lookups are serialized.
    private let lines: Mutex<DwarfLineTable?>
    private let names: Mutex<NameCache>

    /// Demangled names, one slot per symbol of each table, filled on first lookup.
    private struct NameCache {
        /// Per table: for each entry, 1 + its index in `names`, or 0 when not demangled yet.
        var slots: [[Int32]]
        var names: [Name] = []
    }

    /// Reads the object's tables: its own `.symtab`/`.dynsym`, a separate debug file's found by
    /// build id, and DWARF as `options` allow. Unreadable files leave the tables empty.
    ///
    /// When the loader reported a build id and the file on disk now has another one (it was
    /// replaced after it was loaded), the file's tables would describe other code: they are not
    /// used, and only a debug file with the loaded build id can name the object.
    init(object: LoadedObject, options: ELFSymbolizer.Options) {
        var tables: [ELFSymbolTable] = []
        var lines: DwarfLineTable? = nil
        var primary: ELFImage?
        if object.hasFile {
            primary = try? ELFImage(path: object.path)
            if let expected = object.buildID, let found = primary, found.buildID() != expected { primary = nil }
        } else if let range = object.memoryImage, let start = UnsafeRawPointer(bitPattern: UInt(range.lowerBound)) {
            let bytes = UnsafeRawBufferPointer(start: start, count: Int(range.upperBound - range.lowerBound + 1))
            primary = try? ELFImage(file: MappedFile(name: object.path, borrowing: bytes))
        } else {
            primary = nil
        }
        let needsDebugFile = primary.map { $0.section(named: ".symtab") == nil || !$0.hasLineInfo } ?? true
        if needsDebugFile, let debugPath = object.debugFilePath, access(debugPath, R_OK) == 0,
            let debug = try? ELFImage(path: debugPath)
        {
            if let table = try? ELFSymbolTable(image: debug), !table.entries.isEmpty { tables.append(table) }
            if options.lineInfo && options.lineInfoFromDebugFiles && debug.hasLineInfo {
                lines = DwarfLineTable(path: debugPath, image: debug)
            }
        }
        if let primary {
            if let table = try? ELFSymbolTable(image: primary), !table.entries.isEmpty { tables.append(table) }
            if options.lineInfo && lines == nil && object.hasFile && primary.hasLineInfo {
                lines = DwarfLineTable(path: object.path, image: primary)
            }
        }
        self.tables = tables
        self.hasLineInfo = lines != nil
        self.lines = Mutex(lines)
        names = Mutex(NameCache(slots: Array(repeating: [], count: tables.count)))
    }

    /// The demangled and mangled names of the function containing the link-time address `address`.
    /// - Complexity: O(log n) in the number of symbols, plus one demangling per new function.
    func lookup(_ address: UInt64, demangler: Demangler) -> Name? {
        for tableIndex in tables.indices {
            let table = tables[tableIndex]
            guard let index = table.index(containing: address) else { continue }
            let cached = names.withLock { cache -> Name? in
                if cache.slots[tableIndex].isEmpty { cache.slots[tableIndex] = Array(repeating: 0, count: table.entries.count) }
                let slot = cache.slots[tableIndex][index]
                return slot > 0 ? cache.names[Int(slot) - 1] : nil
            }
            if let cached { return cached }
            guard let mangled = table.name(at: index), !mangled.isEmpty else { continue }
            let result = (demangler.demangle(mangled), mangled)
            names.withLock { cache in
                guard cache.slots[tableIndex][index] == 0 else { return }
                cache.names.append(result)
                cache.slots[tableIndex][index] = Int32(cache.names.count)
            }
            return result
        }
        return nil
    }

    /// The source file and line of the link-time address `address`, if the object has DWARF for it.
    func location(_ address: UInt64) -> (file: String, line: Int?)? {
        guard hasLineInfo else { return nil }
        return lines.withLock { $0?.lookup(address) }
    }
}

/// Each loaded object's ``ObjectSymbols``, kept for the life of the process and keyed by build id.
///
/// An object with a build id is keyed by it and its path, so a library loaded again at another
/// address reuses its tables, and a different build at the same path gets fresh ones. An object
/// without a build id is keyed by its path, load address and the file's device, inode, size and
/// modification time, so a file replaced in place is read again.
final class ObjectSymbolsCache: Sendable {
    static let shared = ObjectSymbolsCache()

    private struct Key: Hashable {
        var path: String
        var buildID: String?
        /// Without a build id: load bias, device, inode, size and modification time in nanoseconds.
        var identity: [UInt64]
        var lineInfo: Bool
        var lineInfoFromDebugFiles: Bool
    }

    private let entries = Mutex<[Key: ObjectSymbols]>([:])

    /// The tables for `object`, read on first use.
    func symbols(for object: LoadedObject, options: ELFSymbolizer.Options) -> ObjectSymbols {
        symbolsAndReuse(for: object, options: options).symbols
    }

    /// The tables for `object`, and whether an earlier caller had already read them.
    func symbolsAndReuse(for object: LoadedObject, options: ELFSymbolizer.Options) -> (symbols: ObjectSymbols, reused: Bool) {
        let key = Key(
            path: object.path, buildID: object.buildID, identity: object.buildID == nil ? Self.identity(of: object) : [],
            lineInfo: options.lineInfo, lineInfoFromDebugFiles: options.lineInfoFromDebugFiles)
        if let existing = entries.withLock({ $0[key] }) { return (existing, true) }
        let created = ObjectSymbols(object: object, options: options)
        return entries.withLock { entries in
            if let raced = entries[key] { return (raced, true) }
            entries[key] = created
            return (created, false)
        }
    }

    /// Number of objects whose tables are kept.
    var count: Int { entries.withLock { $0.count } }

    /// What identifies the file of an object without a build id (`stat(2)`).
    private static func identity(of object: LoadedObject) -> [UInt64] {
        var info = stat()
        guard object.hasFile, stat(object.path, &info) == 0 else { return [object.loadBias] }
        return [
            object.loadBias, UInt64(info.st_dev), UInt64(info.st_ino), UInt64(bitPattern: Int64(info.st_size)),
            UInt64(bitPattern: Int64(info.st_mtim.tv_sec)) &* 1_000_000_000 &+ UInt64(bitPattern: Int64(info.st_mtim.tv_nsec)),
        ]
    }
}
