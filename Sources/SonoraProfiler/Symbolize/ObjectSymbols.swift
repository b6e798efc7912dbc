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
    private let names: Mutex<[[Int: Name]]>

    /// Reads the object's tables: its own `.symtab`/`.dynsym`, a separate debug file's found by
    /// build id, and DWARF as `options` allow. Unreadable files leave the tables empty.
    init(object: LoadedObject, options: ELFSymbolizer.Options) {
        var tables: [ELFSymbolTable] = []
        var lines: DwarfLineTable? = nil
        let primary: ELFImage?
        if object.hasFile {
            primary = try? ELFImage(path: object.path)
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
                lines = DwarfLineTable(path: debugPath)
            }
        }
        if let primary {
            if let table = try? ELFSymbolTable(image: primary), !table.entries.isEmpty { tables.append(table) }
            if options.lineInfo && lines == nil && object.hasFile && primary.hasLineInfo {
                lines = DwarfLineTable(path: object.path)
            }
        }
        self.tables = tables
        self.hasLineInfo = lines != nil
        self.lines = Mutex(lines)
        names = Mutex(Array(repeating: [:], count: tables.count))
    }

    /// The demangled and mangled names of the function containing the link-time address `address`.
    /// - Complexity: O(log n) in the number of symbols, plus one demangling per new function.
    func lookup(_ address: UInt64, demangler: Demangler) -> Name? {
        for tableIndex in tables.indices {
            let table = tables[tableIndex]
            guard let index = ELFSymbolTable.index(containing: address, in: table.entries) else { continue }
            if let cached = names.withLock({ $0[tableIndex][index] }) { return cached }
            guard let mangled = table.name(at: index), !mangled.isEmpty else { continue }
            let result = (demangler.demangle(mangled), mangled)
            names.withLock { $0[tableIndex][index] = result }
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

/// Each loaded object's ``ObjectSymbols``, kept for the life of the process.
///
/// Keys include the load address and build id, so an object reloaded elsewhere, or a different
/// build at the same path, gets fresh tables.
final class ObjectSymbolsCache: Sendable {
    static let shared = ObjectSymbolsCache()

    private struct Key: Hashable {
        var path: String
        var loadBias: UInt64
        var buildID: String?
        var lineInfo: Bool
        var lineInfoFromDebugFiles: Bool
    }

    private let entries = Mutex<[Key: ObjectSymbols]>([:])

    /// The tables for `object`, read on first use.
    func symbols(for object: LoadedObject, options: ELFSymbolizer.Options) -> ObjectSymbols {
        let key = Key(
            path: object.path, loadBias: object.loadBias, buildID: object.buildID, lineInfo: options.lineInfo,
            lineInfoFromDebugFiles: options.lineInfoFromDebugFiles)
        if let existing = entries.withLock({ $0[key] }) { return existing }
        let created = ObjectSymbols(object: object, options: options)
        return entries.withLock { entries in
            if let raced = entries[key] { return raced }
            entries[key] = created
            return created
        }
    }

    /// Number of objects whose tables are kept.
    var count: Int { entries.withLock { $0.count } }
}
