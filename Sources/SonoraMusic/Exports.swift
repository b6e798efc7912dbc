/// `SplitMix64`, the seeded generator for reproducible shuffles, lives in SonoraCore; importing
/// SonoraMusic is enough to use it.
@_exported import SonoraCore
