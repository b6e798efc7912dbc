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
          cat run.sonoraprofile | sonora profile convert - --to pprof -o run.pb.gz

        The output may not be the input file. --to native and a FILE of '-' need -o.
        Writing to a device or FIFO (-o /dev/null, a named pipe) writes through it;
        a symbolic link is followed and its target replaced atomically.

        \(ProfileExitCode.documentation)
        """
    )

    @Argument(help: "A .sonoraprofile file, or '-' for standard input.")
    var file: String

    @Option(help: "Output format: pstats, pprof, speedscope, folded, svg or native.")
    var to: ProfileFormat

    @Option(name: .shortAndLong, help: "Output file; '-' for standard output. Defaults to FILE with the format's extension (not for --to native).")
    var output: String?

    @Flag(help: "SVG only: draw an icicle graph (roots on top).")
    var icicle = false

    @Option(help: "SVG only: the graph's title.")
    var title: String?

    func run() async throws {
        let destination = try output ?? defaultOutput()
        try ProfileCommandSupport.refuseOverwriting(destination, option: "the output", inputs: [file])
        let profile = try ProfileCommandSupport.load(file)
        let options = FlameGraphOptions(title: title, icicle: icicle)
        try ProfileCommandSupport.writing(destination) {
            if destination == "-" {
                FileHandle.standardOutput.write(try profile.encoded(as: to, flameGraph: options))
            } else {
                try profile.write(to: URL(fileURLWithPath: destination), format: to, flameGraph: options)
                FileHandle.standardError.write(Data("wrote \(destination)\n".utf8))
            }
        }
    }

    /// `run.sonoraprofile` → `run.prof`, `run.svg`, …; never the input itself.
    /// - Throws: Exit code 2 when there is no name to derive (`--to native`, or standard input).
    private func defaultOutput() throws -> String {
        if to == .native {
            throw ProfileCommandSupport.fail("error: --to native needs -o FILE: the default name would be the input \(file) itself", ProfileExitCode.badInput)
        }
        if file == ProfileCommandSupport.standardInput {
            throw ProfileCommandSupport.fail("error: a profile read from standard input needs -o FILE (or -o - for standard output)", ProfileExitCode.badInput)
        }
        var base = file
        if base.hasSuffix(".sonoraprofile") { base.removeLast(".sonoraprofile".count) }
        return base + "." + to.fileExtension
    }
}
