/// The text `sonora bench init` writes and prints.
enum BenchTemplate {
    /// `Benchmarks/NAME/main.swift`: a synchronous and an asynchronous benchmark through the entry point.
    static func mainSwift(name: String) -> String {
        """
        // \(name): this package's own benchmarks, run with `swift run -c release \(name) run`.
        // Commands: run, list, compare, ab (see `--help`); docs: Sonora's docs/bench.md.
        import SonoraBench
        import SonoraBenchCLI

        /// A synchronous benchmark with state: `setUp` runs once per process, outside all timing.
        let sortTracks = Benchmark("\(name.lowercased()).sort.1k", setUp: { (0..<1_000).map { ($0 &* 7_919) % 1_000 } }) { titles in
            blackHole(titles.sorted())
        }

        /// An asynchronous benchmark: each operation is awaited; setup may start servers or clients.
        let yieldOnce = Benchmark("\(name.lowercased()).task.yield", setUp: { 0 }, asyncOperation: { _ in
            await Task.yield()
        })

        await SonoraBenchmarks.main([sortTracks, yieldOnce])

        """
    }

    /// What to add to `Package.swift`, printed after the file is written.
    static func instructions(name: String, file: String) -> String {
        """
        wrote \(file)

        Add this target to Package.swift (with Sonora among the package's dependencies, here named "sonora"):

                .executableTarget(
                    name: "\(name)",
                    dependencies: [
                        .product(name: "SonoraBench", package: "sonora"),
                        .product(name: "SonoraBenchCLI", package: "sonora"),
                    ],
                    path: "Benchmarks/\(name)"
                ),

        Then: swift run -c release \(name) run        (also: list, compare, ab; see --help)
        """
    }
}
