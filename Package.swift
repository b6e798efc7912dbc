// swift-tools-version: 6.2
import PackageDescription

/// The package each product dependency comes from, so a target lists products by name only.
let productPackages = [
    "ArgumentParser": "swift-argument-parser", "DequeModule": "swift-collections",
    "AsyncHTTPClient": "async-http-client",
    "NIOCore": "swift-nio", "NIOPosix": "swift-nio", "NIOHTTP1": "swift-nio", "Logging": "swift-log",
    "CoreMetrics": "swift-metrics", "Metrics": "swift-metrics", "MetricsTestKit": "swift-metrics",
    "ServiceLifecycle": "swift-service-lifecycle", "Histogram": "hdrhistogram-swift",
]

/// Product dependencies by name, each from the package `productPackages` names.
func products(_ names: String...) -> [Target.Dependency] {
    names.map { .product(name: $0, package: productPackages[$0]!) }
}

let package = Package(
    name: "Sonora",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SonoraProfiler", targets: ["SonoraProfiler"]),
        .library(name: "SonoraMusic", targets: ["SonoraMusic"]),
        .library(name: "SonoraFakeLavalink", targets: ["SonoraFakeLavalink"]),
        .library(name: "SonoraBench", targets: ["SonoraBench"]),
        .library(name: "SonoraBenchCLI", targets: ["SonoraBenchCLI"]),
        .library(name: "SonoraDashboard", targets: ["SonoraDashboard"]),
        .library(name: "SonoraOperations", targets: ["SonoraOperations"]),
        .library(name: "SonoraSystem", targets: ["SonoraSystem"]),
        .library(name: "SonoraMonitor", targets: ["SonoraMonitor"]),
        .library(name: "SonoraMonitorServer", targets: ["SonoraMonitorServer"]),
        .executable(name: "sonora", targets: ["SonoraCommand"]),
        // LD_PRELOAD=libSonoraPreload.so SONORA_PROFILE=out.pb.gz ./server: profiles a program unchanged.
        // The preloaded library is a C stub; it dlopen()s the Swift agent only when SONORA_PROFILE is set.
        .library(name: "SonoraPreload", type: .dynamic, targets: ["CSonoraPreloadStub"]),
        .library(name: "SonoraPreloadAgent", type: .dynamic, targets: ["SonoraPreload"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // The signal handler, its stack copy into the slot pool, wall-mode signals, the remote unwinder.
        // libunwind's remote API is loaded with dlopen(RTLD_LOCAL) by the collector, so nothing links libunwind.
        .target(
            name: "CSonoraSampler",
            linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread"), .linkedLibrary("rt")]
        ),
        // libdw/libelf (DWARF file:line) and <link.h>'s dl_iterate_phdr for the symbolizer.
        .systemLibrary(name: "CSonoraDwarf", pkgConfig: "libdw", providers: [.apt(["libdw-dev", "libelf-dev"])]),
        // zlib, for the gzip wrapper of pprof exports (a module map only; no C code of ours).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // What every module shares: the one error shape (`DomainError`).
        .target(name: "SonoraCore"),
        // One Linux layer: pure /proc parsers and the EINTR-retrying syscall wrapper.
        .target(name: "SonoraSystem", dependencies: ["SonoraCore"]),
        .target(name: "SonoraProfiler", dependencies: ["CSonoraSampler", "CSonoraDwarf", "CZlib", "SonoraCore", "SonoraSystem"]),
        // A header-only prefetch hint for the queue (Swift has no prefetch intrinsic).
        .target(name: "CSonoraPrefetch"),
        .target(name: "SonoraMusic", dependencies: ["SonoraCore", "CSonoraPrefetch"]
            + products("DequeModule", "AsyncHTTPClient", "NIOCore", "CoreMetrics")),
        .target(name: "SonoraFakeLavalink", dependencies: ["SonoraMusic"]
            + products("NIOCore", "NIOPosix", "NIOHTTP1"), resources: [.copy("Fixtures")]),
        // Allocation counting by interposing malloc and friends (forwarding to glibc), and the
        // perf_event_open instruction counter: the two things SonoraBench cannot do in Swift.
        .target(name: "CSonoraBenchCounters"),
        .target(name: "SonoraBench", dependencies: ["SonoraProfiler", "CSonoraBenchCounters", "CSonoraSampler", "SonoraCore", "SonoraSystem"]),
        // The command line of a benchmark executable (run, compare, ab, list): SonoraBenchmarks.main,
        // shared by a package's own benchmark targets and `sonora bench`.
        .target(name: "SonoraBenchCLI", dependencies: ["SonoraBench"] + products("ArgumentParser")),
        // The numbers: counters, gauges, timings, system stats; swift-metrics backend, Prometheus text, JSON logs.
        .target(name: "SonoraMonitor", dependencies: ["SonoraCore", "SonoraSystem"]
            + products("Histogram", "CoreMetrics", "Logging")),
        // The only NIO in the monitor: /metrics and /health over HTTP/1.1, as a service-lifecycle Service.
        .target(name: "SonoraMonitorServer", dependencies: ["SonoraCore", "SonoraMonitor", "SonoraProfiler"]
            + products("NIOCore", "NIOPosix", "NIOHTTP1", "ServiceLifecycle", "Logging")),
        // The built-in benchmark suites: track loading, queue operations, monitor, alerts, and the
        // profiler's own (overhead, symbolization, export).
        .target(
            name: "SonoraSuites",
            dependencies: ["SonoraBench", "SonoraProfiler", "SonoraMusic", "SonoraFakeLavalink", "SonoraMonitor", "SonoraOperations"],
            path: "Benchmarks",
            // python/: the Python anchors the scripts in scripts/ run, not part of the target.
            exclude: ["python"],
            sources: ["Suites"],
            resources: [.copy("Data")]
        ),
        // Operating a bot: Alerts/ (rules, states, sinks), Health/ (Lavalink nodes, penalty),
        // Playback/ (event-fed playback and queue monitors). Publishes through swift-metrics only.
        .target(name: "SonoraOperations", dependencies: ["SonoraCore", "SonoraMusic", "SonoraMonitor"]
            + products("AsyncHTTPClient", "NIOCore", "Logging", "Metrics", "ServiceLifecycle")),
        // `sonora top`: scrape (text parser + the one HTTP client), model (rates, quantiles), render
        // (frames as plain text) and the terminal (the one impure file).
        .target(name: "SonoraDashboard", dependencies: ["SonoraCore"] + products("AsyncHTTPClient", "NIOCore")),
        .executableTarget(
            name: "SonoraCommand",
            dependencies: ["SonoraProfiler", "SonoraMusic", "SonoraBench", "SonoraBenchCLI", "SonoraSuites", "SonoraSystem",
                "SonoraDashboard", "SonoraMonitor", "SonoraMonitorServer", "SonoraFakeLavalink", "SonoraOperations"]
                + products("Metrics", "Logging", "ServiceLifecycle", "ArgumentParser", "AsyncHTTPClient")
        ),
        // The preload library: a C stub whose constructor loads the agent when asked; the agent's C
        // signal handlers only write to a pipe, and its Swift half runs a PerformanceProfiler
        // session inside a program that knows nothing of it.
        .target(name: "CSonoraPreloadStub", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CSonoraPreload", linkerSettings: [.linkedLibrary("pthread")]),
        .target(name: "SonoraPreload", dependencies: ["CSonoraPreload", "SonoraProfiler"]),
        // A small NIO HTTP server with no Sonora code: what the preload tests and benchmarks profile.
        .executableTarget(name: "PlainNIOServer", dependencies: products("NIOCore", "NIOPosix", "NIOHTTP1")),
        .testTarget(name: "SonoraRecordTests", dependencies: ["SonoraProfiler", "SonoraTestSupport"]),
        .testTarget(name: "SonoraProfilerTests", dependencies: ["CSonoraSampler", "SonoraProfiler", "SonoraSystem", "SonoraTestSupport"], exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "SonoraSystemTests", dependencies: ["SonoraSystem", "SonoraTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SonoraMonitorTests", dependencies: ["SonoraMonitor", "SonoraMonitorServer", "SonoraSystem", "SonoraTestSupport"]
            + products("Metrics", "MetricsTestKit", "Logging", "ServiceLifecycle", "NIOCore", "NIOPosix")),
        .testTarget(name: "SonoraProfileFormatTests", dependencies: ["SonoraProfiler", "SonoraTestSupport"], exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "SonoraMusicTests", dependencies: ["SonoraMusic", "SonoraFakeLavalink", "SonoraTestSupport"]
            + products("MetricsTestKit")),
        // Helpers every test target may share: snapshots, the CLI runner, temporary folders, fixtures.
        .target(name: "SonoraTestSupport", path: "Tests/SonoraTestSupport"),
        .testTarget(
            name: "SonoraOperationsTests",
            dependencies: ["SonoraOperations", "SonoraTestSupport", "SonoraFakeLavalink"]
                + products("MetricsTestKit", "NIOPosix", "NIOHTTP1")
        ),
        .testTarget(
            name: "SonoraDashboardTests",
            dependencies: ["SonoraDashboard", "SonoraTestSupport"],
            exclude: ["Snapshots", "Fixtures"]
        ),
        // Spawns the built `sonora` binary: bad input, output safety and the CLI's documented behavior.
        .testTarget(name: "SonoraCommandTests", dependencies: ["SonoraProfiler", "SonoraMusic", "SonoraTestSupport"]),
        .testTarget(name: "SonoraBenchTests", dependencies: ["SonoraProfiler", "SonoraBench", "SonoraSuites", "SonoraTestSupport"], exclude: ["Snapshots"]),
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
