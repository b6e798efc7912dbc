import Testing

/// The suites that keep the CPU busy or measure time run one after another, so the timing
/// end-to-end test is not slowed by this target's own simulations.
@Suite(.serialized) struct SerializedBenchTests {}
