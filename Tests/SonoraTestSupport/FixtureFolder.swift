import Foundation

/// A folder of fixture files in the source tree (so snapshot tests can re-record in place, and no
/// resource bundle is needed): a test target's own `Fixtures/`, or the one Lavalink fixture tree.
///
/// ```swift
/// let fixtures = FixtureFolder(besides: #filePath)
/// let status = try fixtures.text("proc/status-main")
/// let body = try FixtureFolder.lavalink.data("loadtracks/lavalink4net-test_v4_loadtracks_track.json")
/// ```
public struct FixtureFolder: Sendable {
    /// The folder itself.
    public let directory: URL

    /// The `Fixtures` folder beside the source file `filePath` (pass `#filePath`).
    public init(besides filePath: String) {
        directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The package's root folder in the source tree (where `Package.swift` is).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The one copy of every Lavalink body and track string (`/v4/loadtracks` results, websocket messages,
    /// info and stats, the track vectors and the lptrack corpus): `Sources/SonoraFakeLavalink/Fixtures`,
    /// the bundle resource `FakeLavalinkNode` serves from. Its `SOURCES.md` names the origin of each file.
    public static let lavalink = FixtureFolder(directory: repository.appendingPathComponent("Sources/SonoraFakeLavalink/Fixtures"))

    private init(directory: URL) {
        self.directory = directory
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

    /// The lines of a text file, without empty ones.
    public func lines(_ relativePath: String) throws -> [String] {
        String(decoding: try data(relativePath), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The files in a subfolder, as paths relative to this folder (`"<folder>/<name>"`), sorted by name.
    public func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(folder).path).sorted().map { "\(folder)/\($0)" }
    }
}
