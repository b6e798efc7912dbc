// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Sonora",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SonoraProfiler", targets: ["SonoraProfiler"]),
        .library(name: "SonoraMusic", targets: ["SonoraMusic"]),
        .library(name: "SonoraFakeLavalink", targets: ["SonoraFakeLavalink"]),
        .library(name: "SonoraBench", targets: ["SonoraBench"]),
        .executable(name: "sonora", targets: ["SonoraCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
    ],
    targets: [
        // The signal handler, stack copy, per-thread timers and the sample ring.
        // libunwind's remote API is loaded with dlopen(RTLD_LOCAL) by the collector, so nothing links libunwind.
        .target(
            name: "CSonoraSampler",
            linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread"), .linkedLibrary("rt")]
        ),
        // libdw/libelf (DWARF file:line) and <link.h>'s dl_iterate_phdr for the symbolizer.
        .systemLibrary(name: "CSonoraDwarf", pkgConfig: "libdw", providers: [.apt(["libdw-dev", "libelf-dev"])]),
        // zlib, for the gzip wrapper of pprof exports (a module map only; no C code of ours).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "SonoraProfiler", dependencies: ["CSonoraSampler", "CSonoraDwarf", "CZlib"]),
        .target(
            name: "SonoraMusic",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "SonoraFakeLavalink",
            dependencies: [
                "SonoraMusic",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // Allocation counting by interposing malloc and friends (forwarding to glibc), and the
        // perf_event_open instruction counter: the two things SonoraBench cannot do in Swift.
        .target(name: "CSonoraBenchCounters"),
        .target(name: "SonoraBench", dependencies: ["SonoraProfiler", "CSonoraBenchCounters"]),
        // The built-in benchmark suites: track loading and queue operations.
        .target(
            name: "SonoraSuites",
            dependencies: ["SonoraBench", "SonoraMusic", "SonoraFakeLavalink"],
            path: "Benchmarks",
            sources: ["Suites"],
            resources: [.copy("Data")]
        ),
        .executableTarget(
            name: "SonoraCommand",
            dependencies: [
                "CSonoraSampler", "SonoraProfiler", "SonoraMusic", "SonoraBench", "SonoraSuites",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SonoraProfilerTests", dependencies: ["CSonoraSampler", "SonoraProfiler"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SonoraProfileFormatTests", dependencies: ["SonoraProfiler"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SonoraMusicTests",
            dependencies: ["SonoraMusic", "SonoraFakeLavalink"],
            resources: [.copy("Fixtures")]
        ),
        // Spawns the built `sonora` binary: bad input, output safety and the CLI's documented behavior.
        .testTarget(name: "SonoraCommandTests", dependencies: ["SonoraProfiler", "SonoraMusic"]),
        .testTarget(name: "SonoraBenchTests", dependencies: ["SonoraProfiler", "SonoraBench", "SonoraSuites"], exclude: ["Snapshots"]),
    ]
)

// Build settings are set once, for every target.
for target in package.targets where target.type != .system {
    if target.name.hasPrefix("C") { continue }
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .swiftLanguageMode(.v6),
        .enableUpcomingFeature("ExistentialAny"),
    ]
}
