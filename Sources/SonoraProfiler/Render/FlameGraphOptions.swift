/// How an SVG flame graph is laid out.
public struct FlameGraphOptions: Sendable, Hashable {
    /// The heading; `nil` uses "Flame graph" or "Icicle graph" with the profile's mode.
    public var title: String?
    /// Image width in pixels.
    public var width: Int
    /// Height of one frame row in pixels.
    public var frameHeight: Int
    /// Draw roots at the top and callees below them (an icicle graph) instead of flames rising from the bottom.
    public var icicle: Bool
    /// Frames narrower than this many pixels are left out, which keeps large profiles small.
    public var minimumFrameWidth: Double

    /// - Parameters:
    ///   - title: The heading; `nil` picks one from the mode.
    ///   - width: Image width in pixels, 1200 by default.
    ///   - frameHeight: Row height in pixels, 16 by default.
    ///   - icicle: `true` for an icicle graph.
    ///   - minimumFrameWidth: Narrowest frame drawn, in pixels.
    public init(title: String? = nil, width: Int = 1200, frameHeight: Int = 16, icicle: Bool = false, minimumFrameWidth: Double = 0.1) {
        self.title = title
        self.width = width
        self.frameHeight = frameHeight
        self.icicle = icicle
        self.minimumFrameWidth = minimumFrameWidth
    }
}
