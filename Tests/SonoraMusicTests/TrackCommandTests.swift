import Foundation
import Testing
import SonoraMusic
import SonoraTestSupport

/// Runs the built `sonora` binary (built next to this test bundle by `swift build --build-tests` / `swift test`).
@Suite struct TrackCommandTests {
    static let rick = "QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA=="

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private func sonora(_ arguments: [String], stdin: String? = nil) throws -> Run {
        let run = try CommandRunner.sonora(arguments, input: stdin ?? "")
        return Run(status: run.status, stdout: run.output, stderr: run.error)
    }

    @Test func decodePrintsValidTracksThenReportsTheInvalidOneAndExitsTwo() throws {
        let run = try sonora(["track", "decode", "QAAA!!!!", Self.rick])
        #expect(run.status == 2)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["title"] as? String == "Rick Astley - Never Gonna Give You Up")
        #expect(object["version"] as? Int == 2)
        #expect(run.stderr.contains("notBase64") && run.stderr.contains("track 1"))
    }

    @Test func decodeReadsStdinLinesAndEncodeRestoresTheExactStrings() throws {
        let encoded = try FixtureFiles.vectors().filter { !$0.mustFail }.map(\.encoded)
        let decoded = try sonora(["track", "decode"], stdin: encoded.joined(separator: "\n") + "\n")
        #expect(decoded.status == 0)
        let reencoded = try sonora(["track", "encode"], stdin: decoded.stdout)
        #expect(reencoded.status == 0)
        #expect(reencoded.stdout.split(separator: "\n").map(String.init) == encoded)
    }
}
