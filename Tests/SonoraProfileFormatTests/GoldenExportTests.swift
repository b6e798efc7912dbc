import Foundation
import SonoraTestSupport
import Testing
@testable import SonoraProfiler

/// One export of the synthetic profile and the golden file it must match byte for byte.
struct GoldenExport: Sendable, CustomTestStringConvertible {
    var format: ProfileFormat
    var flameGraph = FlameGraphOptions()
    var golden: String

    var testDescription: String { golden }
}

@Suite struct GoldenExportTests {
    static let exports: [GoldenExport] = [
        GoldenExport(format: .native, golden: "synthetic.sonoraprofile"),
        GoldenExport(format: .pstats, golden: "synthetic.prof"),
        GoldenExport(format: .folded, golden: "synthetic.folded"),
        GoldenExport(format: .speedscope, golden: "synthetic.speedscope.json"),
        GoldenExport(format: .svg, golden: "synthetic.svg"),
        GoldenExport(format: .svg, flameGraph: FlameGraphOptions(icicle: true), golden: "synthetic-icicle.svg"),
    ]

    @Test("Each export of the synthetic profile matches its golden copy", arguments: exports)
    func theExportMatchesItsGoldenCopy(_ export: GoldenExport) throws {
        try Golden.check(SyntheticProfiles.profile.encoded(as: export.format, flameGraph: export.flameGraph), named: export.golden)
    }
}
