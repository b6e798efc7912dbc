import ArgumentParser
import Foundation
import SonoraProfiler

/// `sonora profile convert`: write a saved profile in another format.
struct ProfileConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a profile to pstats, pprof, speedscope, folded stacks or an SVG flame graph.",
        discussion: """
        Formats and where to open them:
          pstats      .prof             snakeviz, python -m pstats, gprof2dot
          pprof       .pb.gz            go tool pprof -http=: FILE, Pyroscope
          speedscope  .speedscope.json  drag into https://www.speedscope.app
          folded      .folded           flamegraph.pl, Pyroscope ingest
          svg         .svg              a browser: click to zoom, Search
          native      .sonoraprofile    sonora profile show

        Examples:
          sonora profile convert run.sonoraprofile --to pstats          # writes run.prof
          sonora profile convert run.sonoraprofile --to svg --icicle -o icicle.svg
          sonora profile convert run.sonoraprofile --to folded -o - | flamegraph.pl

        \(ProfileExitCode.documentation)
        """
    )

    @Argument(help: "A .sonoraprofile file.")
    var file: String

    @Option(help: "Output format: pstats, pprof, speedscope, folded, svg or native.")
    var to: ProfileFormat

    @Option(name: .shortAndLong, help: "Output file; '-' for standard output. Defaults to FILE with the format's extension.")
    var output: String?

    @Flag(help: "SVG only: draw an icicle graph (roots on top).")
    var icicle = false

    @Option(help: "SVG only: the graph's title.")
    var title: String?

    func run() async throws {
        let profile = try ProfileCommandSupport.load(file)
        let options = FlameGraphOptions(title: title, icicle: icicle)
        let destination = output ?? defaultOutput()
        try ProfileCommandSupport.writing(destination) {
            if destination == "-" {
                FileHandle.standardOutput.write(try profile.encoded(as: to, flameGraph: options))
            } else {
                try profile.write(to: URL(fileURLWithPath: destination), format: to, flameGraph: options)
                FileHandle.standardError.write(Data("wrote \(destination)\n".utf8))
            }
        }
    }

    /// `run.sonoraprofile` → `run.prof`, `run.svg`, ….
    private func defaultOutput() -> String {
        var base = file
        if base.hasSuffix(".sonoraprofile") { base.removeLast(".sonoraprofile".count) }
        return base + "." + to.fileExtension
    }
}
