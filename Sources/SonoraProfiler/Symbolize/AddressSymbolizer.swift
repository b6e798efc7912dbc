/// A symbolizer that names every address `0x…`: the fallback when the ELF symbolizer cannot
/// start, so a session still returns its stacks.
struct AddressSymbolizer: Symbolizer {
    var mappings: [Mapping] { [] }

    mutating func symbolize(_ address: UInt64) -> SymbolInfo {
        let name = "0x" + String(address, radix: 16)
        return SymbolInfo(function: name, mangledName: name, objectPath: nil)
    }
}
