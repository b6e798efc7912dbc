import Testing
@testable import SonoraProfiler

@Suite struct SymbolizerDemanglerTests {
    let demangler = Demangler()

    @Test func demanglesSwiftNamesWithTheRuntimeDemangler() {
        #expect(demangler.canDemangleSwift)
        #expect(demangler.demangle("$sSi") == "Swift.Int")
        #expect(demangler.demangle("$sSS5countSivg") == "Swift.String.count.getter : Swift.Int")
        #expect(demangler.demangle("_$sSi") == "Swift.Int")
    }

    @Test func demanglesCxxNamesWithCxaDemangle() {
        #expect(demangler.canDemangleCxx)
        #expect(demangler.demangle("_ZNSt6vectorIiSaIiEE9push_backERKi") == "std::vector<int, std::allocator<int> >::push_back(int const&)")
    }

    @Test func leavesCNamesAndBrokenManglingsAlone() {
        #expect(demangler.demangle("qsort") == "qsort")
        #expect(demangler.demangle("_Z") == "_Z")
        #expect(demangler.demangle("$s") == "$s")
    }
}
