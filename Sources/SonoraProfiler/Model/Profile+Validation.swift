import Foundation

extension Profile {
    /// The modes this build reads; a profile with another mode was written by a newer Sonora.
    public static let knownModes: [ProfilingMode] = [.cpu, .wall]

    /// The longest duration, in seconds, a profile may claim: pprof stores it in 64-bit nanoseconds.
    static let maximumDuration = Double(Int64.max / 1_000_000_000)

    /// Checks everything the tables and exports rely on, so none of them can trap or mislead.
    ///
    /// A profile the sampler made always passes; a loaded file may not. The checks: a known mode,
    /// a positive frequency, a duration and start time that fit 64-bit nanoseconds, frame and
    /// mapping indices inside their tables, no negative weight, and a total weight whose time
    /// (weight × period, in nanoseconds) fits a 64-bit integer — which keeps every per-function
    /// and per-sample sum in range too.
    ///
    /// - Returns: The first problem, naming the field and its value, or `nil` when there is none.
    /// - Complexity: O(total frames over all samples).
    public func validationProblem() -> String? {
        let meta = metadata
        if !Self.knownModes.contains(meta.mode) {
            return "metadata.mode '\(meta.mode.rawValue)' is unknown (this build reads \(Self.knownModes.map(\.rawValue).joined(separator: " and ")))"
        }
        if meta.frequency <= 0 {
            return "metadata.frequency is \(meta.frequency); it must be a positive number of samples per second"
        }
        if !meta.duration.isFinite || meta.duration < 0 || meta.duration > Self.maximumDuration {
            return "metadata.duration is \(meta.duration); it must be between 0 and \(Int(Self.maximumDuration)) seconds"
        }
        let start = meta.startTime.timeIntervalSince1970
        if !start.isFinite || abs(start) >= Self.maximumDuration {
            return "metadata.startTime \(meta.startTime) is outside the years 1678 to 2262 that 64-bit nanoseconds hold"
        }
        for (index, frame) in frames.enumerated() {
            if let mapping = frame.mappingIndex, !mappings.indices.contains(mapping) {
                return "frame \(index) refers to mapping \(mapping), but there are \(mappings.count)"
            }
        }
        let periodNanos = Int(max(1, (1e9 / Double(meta.frequency)).rounded()))
        let maximumWeight = Int(Int64.max) / periodNanos
        let frameCount = frames.count
        var total = 0
        // Plain loops over buffers: this runs before every export, over every frame of every sample.
        for index in samples.indices {
            let sample = samples[index]
            let bad = sample.stack.withUnsafeBufferPointer { stack -> Int? in
                for frame in stack where frame < 0 || frame >= frameCount { return frame }
                return nil
            }
            if let bad {
                return "sample \(index) refers to frame \(bad), but there are \(frameCount)"
            }
            if sample.weight < 0 {
                return "sample \(index) has negative weight \(sample.weight)"
            }
            let (sum, overflow) = total.addingReportingOverflow(sample.weight)
            if overflow || sum > maximumWeight {
                return "the sample weights add up past \(maximumWeight) (at sample \(index), weight \(sample.weight)), "
                    + "more than 64-bit nanoseconds hold at \(meta.frequency) Hz"
            }
            total = sum
        }
        return nil
    }

    /// Throws when ``validationProblem()`` finds one.
    /// - Throws: ``ProfilerError`` `.invalidProfile` with the problem.
    func validateForExport() throws {
        if let problem = validationProblem() {
            throw ProfilerError(.invalidProfile, "cannot export the profile: \(problem)")
        }
    }

    /// Function names with control characters (NUL, ESC, …) made visible as `\u{1B}`-style text,
    /// for terminals and XML, which must not receive them raw (``PrintableText/escapingControls(_:)``).
    /// - Complexity: O(*n*) in the name's length; names without control characters are returned as they are.
    public static func printable(_ name: String) -> String {
        PrintableText.escapingControls(name)
    }
}

extension Int {
    /// Adds `value`, stopping at `Int.max` (or `Int.min`) instead of trapping, for sums of sample
    /// weights in tables built from profiles that were never validated.
    mutating func addSaturating(_ value: Int) {
        let (sum, overflow) = addingReportingOverflow(value)
        self = overflow ? (value > 0 ? .max : .min) : sum
    }
}
