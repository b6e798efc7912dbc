import Foundation
import Testing
import SonoraSystem
@_spi(Benchmarks) @testable import SonoraProfiler

/// A private function: its symbol is local, so it is in `.symtab` only and `dladdr` cannot name it.
/// Returns the return addresses seen inside it and the line of the call that captured them.
@inline(never)
private func symbolizerPrivateProbe(_ seed: Int) -> (addresses: [UInt64], line: Int) {
    var total = seed
    for value in 0..<(seed % 7 + 3) { total = total &* 31 &+ value }
    let line = #line; let addresses = Thread.callStackReturnAddresses.map { $0.uint64Value }
    if total == 0x5EED { print("unreachable in practice") }
    return (addresses, line)
}

@Suite struct SymbolizerTests {
    /// The frame of `symbolizerPrivateProbe`, symbolized from its return address.
    static func probeFrame() throws -> (info: SymbolInfo, address: UInt64, line: Int) {
        let (addresses, line) = symbolizerPrivateProbe(4)
        var symbolizer = try ELFSymbolizer()
        for address in addresses {
            let info = symbolizer.symbolize(address - 1)
            if info.function.contains("symbolizerPrivateProbe") { return (info, address - 1, line) }
        }
        Issue.record("no return address symbolized to symbolizerPrivateProbe: \(addresses.map { symbolizer.symbolize($0 - 1).function })")
        throw CancellationError()
    }

    @Test func namesAndDemanglesAPrivateFunctionOfTheTestBinary() throws {
        let (info, _, _) = try Self.probeFrame()
        #expect(info.mangledName.hasPrefix("$s"))
        #expect(info.function.hasPrefix("SonoraProfilerTests.(symbolizerPrivateProbe in "))
        #expect(info.function.hasSuffix("(Swift.Int) -> (addresses: Swift.Array<Swift.UInt64>, line: Swift.Int)"))
        #expect(info.objectPath == LoadedObject.snapshot().first?.path)
    }

    @Test func thePrivateFunctionIsNotInTheDynamicSymbolTable() throws {
        let (info, address, _) = try Self.probeFrame()
        let object = try #require(LoadedObject.snapshot().first { $0.path == info.objectPath })
        let image = try ELFImage(path: object.path)
        let dynamicOnly = try ELFSymbolTable(image: image, sectionTypes: [11])
        #expect(dynamicOnly.lookup(address - object.loadBias)?.name != info.mangledName)
        let full = try ELFSymbolTable(image: image)
        #expect(full.lookup(address - object.loadBias)?.name == info.mangledName)
    }

    @Test func findsTheSourceLineOfAReturnAddressInADebugBuild() throws {
        #if DEBUG
        let executable = try #require(LoadedObject.snapshot().first)
        #expect(try ELFImage(path: executable.path).hasLineInfo, "a debug build carries DWARF line tables")
        let (info, _, line) = try Self.probeFrame()
        #expect(info.file?.hasSuffix("SymbolizerTests.swift") == true)
        #expect(info.line == line)
        #endif
    }

    @Test func demanglesALibstdcxxSymbol() throws {
        // std::exception::~exception(), exported by libstdc++, which libswiftCore links.
        let handle = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_NOLOAD)
        let pointer = try #require(dlsym(handle, "_ZNSt9exceptionD2Ev"))
        var symbolizer = try ELFSymbolizer()
        #expect(symbolizer.demanglesCxx)
        let info = symbolizer.symbolize(UInt64(UInt(bitPattern: pointer)))
        #expect(info.function == "std::exception::~exception()")
        #expect(info.mangledName.hasPrefix("_ZNSt9exceptionD"))
        #expect(info.objectPath?.contains("libstdc++.so") == true)
    }

    @Test func namesAnExportedCFunctionFromTheDynamicSymbolTable() throws {
        let pointer = try #require(dlsym(dlopen(nil, RTLD_LAZY), "qsort"))
        var symbolizer = try ELFSymbolizer()
        let info = symbolizer.symbolize(UInt64(UInt(bitPattern: pointer)) + 1)
        #expect(info.function == "qsort")
        #expect(info.mangledName == "qsort")
        let module = info.objectPath.map(ProfileBuilder.baseName)
        #expect(module?.hasPrefix("libc.so") == true)
    }

    @Test func namesAFunctionOfTheVDSOFromItsImageInMemory() throws {
        let vdso = try #require(dlopen("linux-vdso.so.1", RTLD_LAZY | RTLD_NOLOAD))
        let pointer = try #require(dlsym(vdso, "__vdso_clock_gettime"))
        var symbolizer = try ELFSymbolizer()
        let info = symbolizer.symbolize(UInt64(UInt(bitPattern: pointer)) + 4)
        #expect(info.function.contains("clock_gettime"))
        #expect(info.objectPath?.hasPrefix("linux-vdso") == true)
    }

    @Test func theVDSOImageFoundFromItsHeadersIsItsMappingInProcMaps() throws {
        let region = try #require(try ProcMaps.readSelf().regions.first(where: { $0.path == "[vdso]" }))
        let image = try #require(LoadedObject.vdsoImage())
        #expect(image.lowerBound == region.start)
        #expect(image.upperBound + 1 <= region.end, "the image does not pass the end of the mapping")
        #expect(image.upperBound + 1 > region.end - 4096, "the image reaches the mapping's last page")
    }

    @Test func anAddressInAPLTStubIsNamedPLTNotThePrecedingSymbol() throws {
        let executable = try #require(LoadedObject.snapshot().first)
        let image = try ELFImage(path: executable.path)
        let plt = try #require(image.section(named: ".plt.sec") ?? image.section(named: ".plt"))
        var symbolizer = try ELFSymbolizer()
        let info = symbolizer.symbolize(executable.loadBias + plt.address + plt.size / 2)
        #expect(info.function == "[plt]")
    }

    @Test func anAddressOutsideEveryObjectIsShownInHex() throws {
        var symbolizer = try ELFSymbolizer()
        let info = symbolizer.symbolize(0x10)
        #expect(info.function == "0x10")
        #expect(info.objectPath == nil)
    }

    @Test func cachesResultsPerAddress() throws {
        let (_, address, _) = try Self.probeFrame()
        var symbolizer = try ELFSymbolizer()
        let first = symbolizer.symbolize(address)
        let second = symbolizer.symbolize(address)
        #expect(first == second)
        #expect(symbolizer.statistics.lookups == 2)
        #expect(symbolizer.statistics.cacheHits == 1)
        #expect(symbolizer.statistics.objectsLoaded == 1)
    }

    @Test func laterSymbolizersReuseTheTablesOfEarlierOnes() throws {
        let (_, address, _) = try Self.probeFrame()
        var first = try ELFSymbolizer()
        var second = try ELFSymbolizer()
        #expect(first.symbolize(address) == second.symbolize(address))
        let executable = try #require(LoadedObject.snapshot().first)
        let tables = ObjectSymbolsCache.shared.symbols(for: executable, options: .init())
        #expect(tables === ObjectSymbolsCache.shared.symbols(for: executable, options: .init()))
        #expect(tables !== ObjectSymbolsCache.shared.symbols(for: executable, options: .init(lineInfo: false)))
    }

    @Test func mappingsAreSortedExecutableRangesWithBuildIDs() throws {
        let symbolizer = try ELFSymbolizer()
        #expect(!symbolizer.mappings.isEmpty)
        #expect(zip(symbolizer.mappings, symbolizer.mappings.dropFirst()).allSatisfy { $0.limit <= $1.start })
        let executable = try #require(LoadedObject.snapshot().first)
        let mapping = try #require(symbolizer.mappings.first { $0.path == executable.path })
        #expect(mapping.buildID != nil)
        #expect(mapping.buildID == (try ELFImage(path: executable.path)).buildID())
    }

    @Test func theBenchmarkSymbolizesAddressesFromSeveralObjects() throws {
        let addresses = try SymbolizationSample.addresses(count: 300)
        #expect(addresses.count > 100)
        #expect(Set(addresses).count == addresses.count)
        var symbolizer = try ELFSymbolizer(options: .init(reuseTablesAcrossSymbolizers: false))
        for address in addresses { _ = symbolizer.symbolize(address) }
        #expect(symbolizer.statistics.named == addresses.count)
        #expect(symbolizer.statistics.objectsLoaded > 1)
    }
}
