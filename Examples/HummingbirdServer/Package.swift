// swift-tools-version: 6.2
// A Hummingbird server with no knowledge of Sonora: the program `scripts/record-throughput.py
// --server hummingbird` and `scripts/record-attribution.py --server hummingbird` profile from
// outside with the preload library. A package of its own so the root package's build (and CI)
// does not build Hummingbird.
import PackageDescription

let package = Package(
    name: "HummingbirdServer",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hummingbird-server", targets: ["HummingbirdServer"])
    ],
    dependencies: [
        // No traits: swift-configuration and full Foundation are not needed here.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: [])
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdServer",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")]
        )
    ]
)
