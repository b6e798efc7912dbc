#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Turns Swift and C++ symbol names into readable ones, using the runtimes' own demanglers.
///
/// Both are looked up with `dlsym` once, when the demangler is created: `swift_demangle` from
/// libswiftCore and `__cxa_demangle` from libstdc++ (which libswiftCore links). A name neither
/// recognizes is returned unchanged.
struct Demangler {
    /// `char *swift_demangle(const char *mangled, size_t length, char *out, size_t *outLength, uint32_t flags)`.
    private typealias SwiftDemangle = @convention(c) (
        UnsafePointer<CChar>?, Int, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<Int>?, UInt32
    ) -> UnsafeMutablePointer<CChar>?
    /// `char *__cxa_demangle(const char *mangled, char *out, size_t *length, int *status)`.
    private typealias CxxDemangle = @convention(c) (
        UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int32>?
    ) -> UnsafeMutablePointer<CChar>?

    private let swiftDemangle: SwiftDemangle?
    private let cxxDemangle: CxxDemangle?

    init() {
        let everywhere = UnsafeMutableRawPointer(bitPattern: 0)  // RTLD_DEFAULT
        swiftDemangle = dlsym(everywhere, "swift_demangle").map { unsafeBitCast($0, to: SwiftDemangle.self) }
        var cxx = dlsym(everywhere, "__cxa_demangle")
        if cxx == nil, let libstdcxx = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL) {
            cxx = dlsym(libstdcxx, "__cxa_demangle")
        }
        cxxDemangle = cxx.map { unsafeBitCast($0, to: CxxDemangle.self) }
    }

    /// Whether `swift_demangle` was found.
    var canDemangleSwift: Bool { swiftDemangle != nil }
    /// Whether `__cxa_demangle` was found.
    var canDemangleCxx: Bool { cxxDemangle != nil }

    /// The readable form of `name`, or `name` itself when it is not a Swift or C++ mangled name.
    func demangle(_ name: String) -> String {
        var name = name
        let kind = name.withUTF8 { Self.kind(of: $0) }
        if kind == .swift, let swiftDemangle {
            let result = name.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { swiftDemangle($0.baseAddress, $0.count, nil, nil, 0) }
            }
            if let result {
                defer { free(result) }
                return String(cString: result)
            }
        }
        if kind == .cxx, let cxxDemangle {
            var status: Int32 = -1
            let result = name.withCString { cxxDemangle($0, nil, nil, &status) }
            if let result {
                defer { free(result) }
                if status == 0 { return String(cString: result) }
            }
        }
        return name
    }

    private enum Kind { case swift, cxx, other }

    /// Swift manglings: `$s` (Swift 5+), `$S` (4.2), `$e` (Embedded), `_T0` (4.0), with or without
    /// a leading `_`; C++ ones start with `_Z`. Read from the UTF-8 bytes, without building substrings.
    private static func kind(of bytes: UnsafeBufferPointer<UInt8>) -> Kind {
        func at(_ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }
        let dollar = UInt8(ascii: "$"), underscore = UInt8(ascii: "_")
        let start = at(0) == underscore && at(1) == dollar ? 1 : 0
        if at(start) == dollar && [UInt8(ascii: "s"), UInt8(ascii: "S"), UInt8(ascii: "e")].contains(at(start + 1)) { return .swift }
        if at(start) == underscore && at(start + 1) == UInt8(ascii: "T") && at(start + 2) == UInt8(ascii: "0") { return .swift }
        if at(0) == underscore && at(1) == UInt8(ascii: "Z") { return .cxx }
        return .other
    }
}
