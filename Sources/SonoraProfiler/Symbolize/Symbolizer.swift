/// Turns code addresses into names. The ELF-backed implementation reads `.symtab`/`.dynsym` and
/// DWARF; tests use a fake.
public protocol Symbolizer {
    /// Looks up the function containing `address`. Callers pass `pc - 1` for return addresses.
    mutating func symbolize(_ address: UInt64) -> SymbolInfo
    /// The loaded objects, for pprof mappings.
    var mappings: [Mapping] { get }
}
