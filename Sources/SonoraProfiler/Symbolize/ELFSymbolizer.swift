#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Symbolizes code addresses of this process from the ELF symbol tables and DWARF of its loaded objects.
///
/// At creation it snapshots the loaded objects (`dl_iterate_phdr`). On the first address inside an
/// object it maps the object's file, reads `.symtab` and `.dynsym` (so internal and private Swift
/// functions get names, which `dladdr` misses) and, when the object has DWARF, indexes its
/// compilation units for file:line. A separate debug file under `/usr/lib/debug/.build-id` is used
/// when the object itself was stripped. Names are demangled with `swift_demangle` or
/// `__cxa_demangle`; results are cached per address.
///
/// Objects loaded after the snapshot are unknown to it: create a new symbolizer after `dlopen`.
public struct ELFSymbolizer: Symbolizer {
    /// What the symbolizer reads besides symbol tables.
    public struct Options: Sendable, Hashable {
        /// Read file:line from DWARF carried by the objects themselves (Swift debug builds, or
        /// release builds with `-Xswiftc -g`). Defaults to `true`.
        public var lineInfo: Bool
        /// Also read file:line from separate debug files under `/usr/lib/debug` (for example
        /// Debian's `libc6-dbg`). libdw decompresses their sections when it opens them, about
        /// 0.1 s for libc, so this defaults to `false`; their symbol tables are always used.
        public var lineInfoFromDebugFiles: Bool

        /// Keep each object's symbol and line tables for later symbolizers in this process, so
        /// that repeated sessions read each file once. Defaults to `true`; memory is bounded by the
        /// number of distinct objects ever symbolized.
        public var reuseTablesAcrossSymbolizers: Bool

        public init(lineInfo: Bool = true, lineInfoFromDebugFiles: Bool = false, reuseTablesAcrossSymbolizers: Bool = true) {
            self.lineInfo = lineInfo
            self.lineInfoFromDebugFiles = lineInfoFromDebugFiles
            self.reuseTablesAcrossSymbolizers = reuseTablesAcrossSymbolizers
        }
    }

    /// What the symbolizer has done so far, for benchmarks and diagnostics.
    public struct Statistics: Sendable, Hashable {
        /// Calls to ``ELFSymbolizer/symbolize(_:)``.
        public var lookups = 0
        /// Lookups answered from the per-address cache.
        public var cacheHits = 0
        /// Object files whose symbol tables were read.
        public var objectsLoaded = 0
        /// Objects whose tables an earlier symbolizer in this process had read (same build id),
        /// so this one read no file for them.
        public var tablesReused = 0
        /// Lookups that found a symbol.
        public var named = 0
        /// Lookups that found a source line.
        public var withLine = 0
    }

    /// The executable address ranges of the loaded objects, sorted by start address.
    public let mappings: [Mapping]
    public private(set) var statistics = Statistics()

    public let options: Options
    private let objects: [LoadedObject]
    /// For each entry of `mappings`, the index of its object in `objects`.
    private let mappingObjects: [Int]
    private let demangler = Demangler()
    /// Tables per object, by index in `objects`; `nil` until first used.
    private var loaded: [ObjectSymbols?]
    private var cache: [UInt64: SymbolInfo] = [:]

    /// Snapshots the objects loaded in this process now.
    /// - Parameter options: What to read besides symbol tables.
    /// - Throws: ``ProfilerError`` `.systemCall` when the loader reports no objects at all.
    /// - Complexity: O(loaded objects); files are read later, on first use.
    public init(options: Options = .init()) throws {
        let objects = LoadedObject.snapshot()
        guard !objects.isEmpty else {
            throw ProfilerError(.systemCall, "dl_iterate_phdr reported no loaded objects")
        }
        self.init(objects: objects, options: options)
    }

    init(objects: [LoadedObject], options: Options = .init()) {
        self.options = options
        self.objects = objects
        loaded = Array(repeating: nil, count: objects.count)
        var entries: [(mapping: Mapping, object: Int)] = []
        for (index, object) in objects.enumerated() {
            for range in object.codeRanges {
                entries.append(
                    (Mapping(start: range.start, limit: range.end, fileOffset: range.fileOffset, path: object.path, buildID: object.buildID), index))
            }
        }
        entries.sort { $0.mapping.start < $1.mapping.start }
        mappings = entries.map(\.mapping)
        mappingObjects = entries.map(\.object)
    }

    /// Whether Swift names will be demangled (`swift_demangle` was found).
    public var demanglesSwift: Bool { demangler.canDemangleSwift }
    /// Whether C++ names will be demangled (`__cxa_demangle` was found).
    public var demanglesCxx: Bool { demangler.canDemangleCxx }

    /// Looks up the function, file and line at `address`.
    ///
    /// Pass `pc - 1` for return addresses so that a call at the very end of a function is not
    /// attributed to the next one.
    /// - Returns: The symbol; `function` is `0x…` when no symbol covers `address`.
    /// - Complexity: O(log n) after the first lookup in each object, which reads its tables.
    public mutating func symbolize(_ address: UInt64) -> SymbolInfo {
        statistics.lookups += 1
        if let hit = cache[address] {
            statistics.cacheHits += 1
            return hit
        }
        let info = resolve(address)
        cache[address] = info
        return info
    }

    /// The index in ``mappings`` of the range containing `address`.
    /// - Complexity: O(log n).
    public func mappingIndex(containing address: UInt64) -> Int? {
        Self.mappingIndex(in: mappings, containing: address)
    }

    static func mappingIndex(in mappings: [Mapping], containing address: UInt64) -> Int? {
        let low = mappings.upperBound(of: address) { $0.start }
        guard low > 0, address < mappings[low - 1].limit else { return nil }
        return low - 1
    }

    private mutating func resolve(_ address: UInt64) -> SymbolInfo {
        guard let mapping = mappingIndex(containing: address) else {
            let unknown = Self.hex(address)
            return SymbolInfo(function: unknown, mangledName: unknown, objectPath: nil)
        }
        let objectIndex = mappingObjects[mapping]
        let linkAddress = address &- objects[objectIndex].loadBias
        let symbols = symbols(for: objectIndex)
        guard let symbols, let match = symbols.lookup(linkAddress, demangler: demangler) else {
            let unknown = Self.hex(address)
            return SymbolInfo(function: unknown, mangledName: unknown, objectPath: mappings[mapping].path)
        }
        statistics.named += 1
        let location = symbols.location(linkAddress)
        if location?.line != nil { statistics.withLine += 1 }
        return SymbolInfo(
            function: match.function, mangledName: match.mangled, objectPath: mappings[mapping].path,
            file: location?.file, line: location?.line)
    }

    private static func hex(_ address: UInt64) -> String { "0x" + String(address, radix: 16) }

    private mutating func symbols(for objectIndex: Int) -> ObjectSymbols? {
        if let existing = loaded[objectIndex] { return existing }
        let symbols: ObjectSymbols
        if options.reuseTablesAcrossSymbolizers {
            let (cached, reused) = ObjectSymbolsCache.shared.symbolsAndReuse(for: objects[objectIndex], options: options)
            symbols = cached
            if reused { statistics.tablesReused += 1 }
        } else {
            symbols = ObjectSymbols(object: objects[objectIndex], options: options)
        }
        if symbols.tables.isEmpty == false { statistics.objectsLoaded += 1 }
        loaded[objectIndex] = symbols
        return symbols
    }
}
