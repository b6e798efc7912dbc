import ArgumentParser
import Foundation
import SonoraProfiler

/// `sonora profile diff`: which functions' shares of the samples changed between two profiles.
struct ProfileDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two profiles: per-function changes in self and cumulative share.",
        discussion: """
        Shares are percentages of each profile's own samples, so runs of
        different lengths compare. Rows are sorted by the largest absolute
        change, in percentage points.

        Examples:
          sonora profile diff main.sonoraprofile branch.sonoraprofile
          sonora profile diff main.sonoraprofile branch.sonoraprofile --limit 10 --svg diff.svg

        The differential flame graph draws HEAD's stacks, red where a frame's
        share grew and blue where it shrank.

        \(ProfileExitCode.documentation)
        """
    )

    @Argument(help: "The earlier profile ('-' for standard input).")
    var base: String

    @Argument(help: "The later profile ('-' for standard input).")
    var head: String

    @Option(help: "Show at most this many functions; 0 or less shows all.")
    var limit: Int = 20

    @Option(help: "Also write a differential flame graph (SVG) to this file.")
    var svg: String?

    func run() async throws {
        if base == ProfileCommandSupport.standardInput && head == ProfileCommandSupport.standardInput {
            throw ProfileCommandSupport.fail("error: only one of BASE and HEAD can be '-' (standard input)", ProfileExitCode.badInput)
        }
        if let svg { try ProfileCommandSupport.refuseOverwriting(svg, option: "--svg", inputs: [base, head]) }
        let diff = ProfileDiff(base: try ProfileCommandSupport.load(base), head: try ProfileCommandSupport.load(head))
        print("base \(base): \(diff.base.weightedSampleCount) weighted samples; head \(head): \(diff.head.weightedSampleCount)\n")
        print(diff.table(limit: limit), terminator: "")
        if let svg {
            try ProfileCommandSupport.writing(svg) {
                try diff.writeFlameGraph(to: URL(fileURLWithPath: svg))
            }
            FileHandle.standardError.write(Data("wrote \(svg)\n".utf8))
        }
    }
}
