import SonoraTestSupport
import SonoraSystem
import Testing

/// This test target's fixture files (see `Fixtures/SOURCES.md`).
let fixtures = FixtureFolder(besides: #filePath)

/// The error `parse` throws for the fixture `proc/<name>`, given `name` as the path to report.
/// - Parameters:
///   - name: The fixture's file name under `Fixtures/proc/`.
///   - parse: The parser, called with the fixture's text and `name`.
func parseError<Parsed>(
    _ name: String, sourceLocation: SourceLocation = #_sourceLocation, _ parse: (String, String) throws -> Parsed
) throws -> SystemError {
    let text = try fixtures.text("proc/" + name)
    return try #require(throws: SystemError.self, sourceLocation: sourceLocation) { try parse(text, name) }
}
