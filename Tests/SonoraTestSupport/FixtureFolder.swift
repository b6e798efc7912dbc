import Foundation

/// A test target's `Fixtures/` folder, found from the source tree (so snapshot tests can re-record
/// in place, and no resource bundle is needed).
///
/// ```swift
/// let fixtures = FixtureFolder(besides: #filePath)
/// let status = try fixtures.text("proc/status-main")
/// ```
public struct FixtureFolder: Sendable {
    /// The folder itself.
    public let directory: URL

    /// The `Fixtures` folder beside the source file `filePath` (pass `#filePath`).
    public init(besides filePath: String) {
        directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    public func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }

    public func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    public func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }
}
