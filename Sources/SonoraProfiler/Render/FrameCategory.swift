/// Where a frame's code comes from, for flame graph colors.
struct FrameCategory: Hashable {
    var rawValue: String

    /// The program's own code: the executable and its non-system libraries.
    static let user = FrameCategory(rawValue: "your code")
    /// The Swift runtime, standard library, Foundation and Dispatch.
    static let swiftRuntime = FrameCategory(rawValue: "Swift runtime and stdlib")
    /// C libraries: libc, libm, the dynamic loader and other shared objects.
    static let cLibrary = FrameCategory(rawValue: "C libraries")
    /// Addresses in no known object.
    static let unknown = FrameCategory(rawValue: "unknown")

    static let all: [FrameCategory] = [.user, .swiftRuntime, .cLibrary, .unknown]

    private static let swiftModules: Set<String> = [
        "libFoundation.so", "libFoundationEssentials.so", "libFoundationInternationalization.so",
        "lib_FoundationICU.so", "libFoundationNetworking.so", "libFoundationXML.so",
        "libdispatch.so", "libBlocksRuntime.so", "libXCTest.so", "libTesting.so", "libswift_Concurrency.so",
    ]

    /// Classifies a frame by its module and name.
    init(module: String, function: String) {
        let base = module.split(separator: "/").last.map(String.init) ?? module
        if base.isEmpty || base == "[unknown]" || base == "?" {
            self = function.hasPrefix("swift_") ? .swiftRuntime : .unknown
        } else if base.hasPrefix("libswift") || Self.swiftModules.contains(base) || function.hasPrefix("swift_") {
            self = .swiftRuntime
        } else if base.hasSuffix(".so") || base.contains(".so.") {
            self = .cLibrary
        } else {
            self = .user
        }
    }

    private init(rawValue: String) { self.rawValue = rawValue }

    /// A fill color, varied within the category's palette by a stable hash of `name`.
    func color(for name: String) -> String {
        let v1 = Self.hash(name, seed: 0), v2 = Self.hash(name, seed: 1)
        switch self {
        case .user:  // warm: red to orange
            return "rgb(\(215 + Int(40 * v1)),\(80 + Int(90 * v2)),\(40 + Int(30 * v1)))"
        case .swiftRuntime:  // aqua
            return "rgb(\(50 + Int(60 * v1)),\(160 + Int(55 * v2)),\(180 + Int(55 * v2)))"
        case .cLibrary:  // green
            return "rgb(\(110 + Int(40 * v2)),\(185 + Int(40 * v1)),\(110 + Int(30 * v2)))"
        default:
            let gray = 170 + Int(40 * v1)
            return "rgb(\(gray),\(gray),\(gray))"
        }
    }

    /// The color of the category's legend swatch.
    var legendColor: String {
        switch self {
        case .user: "rgb(235,125,55)"
        case .swiftRuntime: "rgb(80,190,210)"
        case .cLibrary: "rgb(130,205,125)"
        default: "rgb(190,190,190)"
        }
    }

    /// FNV-1a over the name's bytes, scaled to 0..<1; stable across runs, unlike `Hasher`.
    private static func hash(_ name: String, seed: UInt64) -> Double {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h &*= 0x100_0000_01b3
        }
        return Double(h >> 40) / Double(1 << 24)
    }
}
