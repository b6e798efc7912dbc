// libFuzzer harness for the ELF parser; built by scripts/fuzz-elf-parser.sh together with the parser sources.
//
// Properties checked for every input:
// 1. Parsing headers, reading the symbol tables and the build id never crash: a corrupt file
//    throws `.malformedObjectFile` (bounds, overflow and sanitizer checks trap otherwise).
// 2. Whatever parses gives an address-sorted symbol table whose lookups land on a symbol at or
//    below the address asked for.

@_cdecl("LLVMFuzzerTestOneInput")
public func elfParserFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = MappedFile(name: "fuzz-input", borrowing: UnsafeRawBufferPointer(start: data, count: size))
    let image: ELFImage
    do {
        image = try ELFImage(file: file)
    } catch let error as ProfilerError {
        guard error.code == .malformedObjectFile else { fatalError("unexpected error code \(error.code): \(error)") }
        return 0
    } catch {
        fatalError("unexpected error \(error)")
    }
    _ = image.buildID()
    _ = image.hasLineInfo
    _ = image.lowestLoadAddress
    guard let table = try? ELFSymbolTable(image: image) else { return 0 }
    for (index, entry) in table.entries.enumerated() {
        if index > 0, table.entries[index - 1].address >= entry.address {
            fatalError("symbol table not sorted by address at entry \(index)")
        }
        for probe in [entry.address, entry.address &+ entry.size / 2, entry.address &- 1] {
            if let match = table.lookup(probe), match.address > probe {
                fatalError("lookup(\(probe)) returned a symbol above it at \(match.address)")
            }
        }
    }
    return 0
}
