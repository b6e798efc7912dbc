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
        if Self.looksLikeSwift(name), let swiftDemangle {
            let result = name.withCString { swiftDemangle($0, strlen($0), nil, nil, 0) }
            if let result {
                defer { free(result) }
                return String(cString: result)
            }
        }
        if name.hasPrefix("_Z"), let cxxDemangle {
            var status: Int32 = -1
            let result = name.withCString { cxxDemangle($0, nil, nil, &status) }
            if let result {
                defer { free(result) }
                if status == 0 { return String(cString: result) }
            }
        }
        return name
    }

    /// Swift manglings: `$s` (Swift 5+), `$S` (4.2), `$e` (Embedded), `_T0` (4.0), with or without a leading `_`.
    private static func looksLikeSwift(_ name: String) -> Bool {
        let stripped = name.hasPrefix("_$") ? name.dropFirst() : Substring(name)
        return stripped.hasPrefix("$s") || stripped.hasPrefix("$S") || stripped.hasPrefix("$e") || stripped.hasPrefix("_T0")
    }
}
