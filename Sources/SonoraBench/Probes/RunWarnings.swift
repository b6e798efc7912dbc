/// The hyperfine-style warnings a result carries: high variation, runs too short, a slow first
/// run, a noisy machine.
enum RunWarnings {
    /// Coefficient of variation above which wall time counts as highly variable.
    static let highVariation = 0.10

    /// Evaluates every warning for one benchmark.
    /// - Returns: Human-readable warnings, empty when the run looks clean.
    static func evaluate(
        wall: Summary?, batchWallNanos: [Double], timerOverhead: Double, firstRun: Double?, sampleCount: Int,
        otherCoresBusy: Double?, loadAverage: Double?, cores: Int, minimumSamples: Int = 10
    ) -> [String] {
        var warnings: [String] = []
        if let wall, wall.coefficientOfVariation > highVariation {
            warnings.append(
                "high variation: wall time varies \(percent(wall.coefficientOfVariation)) (coefficient of variation above \(percent(highVariation))); \(wall.mildOutliers + wall.severeOutliers) outliers")
        }
        if !batchWallNanos.isEmpty {
            let medianBatch = Statistics.median(batchWallNanos)
            if medianBatch < 10_000 || medianBatch < 100 * timerOverhead {
                warnings.append(
                    "runs too short: a timed batch lasts \(Int(medianBatch)) ns, close to the clock's cost of \(Int(timerOverhead)) ns; raise the batch cap")
            }
        }
        // A process of a replicated run takes few samples on purpose; the processes are the replicates.
        if sampleCount < Swift.min(10, minimumSamples) {
            warnings.append("runs too short: only \(sampleCount) samples; raise the time budget")
        }
        if let firstRun, let median = wall?.median, firstRun > 3 * median, firstRun - median > 1_000 {
            warnings.append(
                "slow first run: the first operation took \(Format.nanos(firstRun)) against a median of \(Format.nanos(median)) (cold caches or one-time setup in the operation)")
        }
        if let otherCoresBusy, otherCoresBusy > 0.5 {
            let load = loadAverage.map { String(format: "%.2f", $0) } ?? "?"
            warnings.append(
                "noisy machine: other processes kept \(String(format: "%.1f", otherCoresBusy)) of \(cores) cores busy (load average \(load))")
        } else if let loadAverage, loadAverage > Double(cores) {
            warnings.append("noisy machine: load average \(String(format: "%.2f", loadAverage)) exceeds \(cores) cores")
        }
        return warnings
    }

    private static func percent(_ fraction: Double) -> String {
        String(format: "%.1f%%", fraction * 100)
    }
}
