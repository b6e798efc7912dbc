import Foundation

/// Turns a ``Profile`` into the bytes of one file format: every export implements it, and
/// ``Profile/encoded(as:flameGraph:)`` picks the one for the format asked.
protocol ProfileRenderer {
    /// The format it writes.
    static var format: ProfileFormat { get }
    /// The conventional file name extension, without the dot.
    static var fileExtension: String { get }
    /// The file's bytes.
    /// - Parameters:
    ///   - profile: A profile that passed ``Profile/validateForExport()``.
    ///   - options: Flame-graph layout; only the SVG renderer reads it.
    /// - Throws: ``ProfilerError`` `.invalidProfile` for a profile the format cannot hold.
    static func render(_ profile: Profile, options: FlameGraphOptions) throws -> Data
}

extension ProfileFormat {
    /// The renderer of every format this version writes, in ``all``'s order.
    static var renderers: [any ProfileRenderer.Type] {
        [NativeProfileFile.self, PstatsWriter.self, PprofEncoder.self, SpeedscopeWriter.self, FoldedWriter.self, FlameGraphRenderer.self]
    }

    /// The renderer that writes this format, or `nil` for a format this version does not know.
    var renderer: (any ProfileRenderer.Type)? {
        Self.renderers.first { $0.format == self }
    }
}

extension NativeProfileFile: ProfileRenderer {
    static var format: ProfileFormat { .native }
    static var fileExtension: String { "sonoraprofile" }
    static func render(_ profile: Profile, options: FlameGraphOptions) throws -> Data { try encode(profile) }
}

extension PstatsWriter: ProfileRenderer {
    static var format: ProfileFormat { .pstats }
    static var fileExtension: String { "prof" }
    static func render(_ profile: Profile, options: FlameGraphOptions) throws -> Data {
        guard profile.samples.contains(where: { $0.weight > 0 }) else {
            throw ProfilerError(.invalidProfile, "cannot export the profile as pstats: it has no samples, and pstats cannot load an empty profile")
        }
        return encode(profile)
    }
}

extension PprofEncoder: ProfileRenderer {
    static var format: ProfileFormat { .pprof }
    static var fileExtension: String { "pb.gz" }
    static func render(_ profile: Profile, options: FlameGraphOptions) throws -> Data { try Gzip.compress(encode(profile)) }
}

extension SpeedscopeWriter: ProfileRenderer {
    static var format: ProfileFormat { .speedscope }
    static var fileExtension: String { "speedscope.json" }
    static func render(_ profile: Profile, options: FlameGraphOptions) throws -> Data { encode(profile) }
}

extension FoldedWriter: ProfileRenderer {
    static var format: ProfileFormat { .folded }
    static var fileExtension: String { "folded" }
    static func render(_ profile: Profile, options: FlameGraphOptions) throws -> Data { Data(render(profile).utf8) }
}

extension FlameGraphRenderer: ProfileRenderer {
    static var format: ProfileFormat { .svg }
    static var fileExtension: String { "svg" }
    static func render(_ profile: Profile, options: FlameGraphOptions) throws -> Data {
        Data(render(FlameGraphTree(profile), options: options).utf8)
    }
}
