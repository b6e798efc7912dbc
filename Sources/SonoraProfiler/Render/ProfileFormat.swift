/// A file format a ``Profile`` can be written in.
///
/// A struct with static members rather than an enum, so new formats can be added without breaking
/// exhaustive switches in user code.
public struct ProfileFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Sonora's own JSON file (`.sonoraprofile`): everything the profile holds; ``Profile/init(contentsOf:)`` reads it back.
    public static let native = ProfileFormat(rawValue: "native")
    /// Python's pstats file (`.prof`), the `marshal` dict `cProfile.Profile.dump_stats` writes; opens in pstats, snakeviz and gprof2dot.
    public static let pstats = ProfileFormat(rawValue: "pstats")
    /// pprof's gzipped `profile.proto` (`.pb.gz`); opens in `go tool pprof`, Pyroscope and Parca.
    public static let pprof = ProfileFormat(rawValue: "pprof")
    /// speedscope's JSON file format (`.speedscope.json`), one sampled profile per thread.
    public static let speedscope = ProfileFormat(rawValue: "speedscope")
    /// Brendan Gregg's folded stacks (`.folded`): `thread;root;…;leaf count` lines.
    public static let folded = ProfileFormat(rawValue: "folded")
    /// A self-contained SVG flame graph (`.svg`).
    public static let svg = ProfileFormat(rawValue: "svg")

    /// Every format this version writes.
    public static var all: [ProfileFormat] { renderers.map { $0.format } }

    /// The conventional file name extension, without the dot; a format this version does not
    /// write uses its own name.
    public var fileExtension: String { renderer?.fileExtension ?? rawValue }

    public var description: String { rawValue }
}
