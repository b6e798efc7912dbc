import Foundation
import SonoraProfiler

/// The saved result of `sonora profiler-bench` (`reports/profiler-bench.json`).
struct ProfilerBenchReport: Codable {
    static let currentSchemaVersion = 1

    struct Overhead: Codable {
        /// `cpu` or `wall`.
        var mode: String
        var frequency: Int
        /// Profiled over unprofiled wall time of the same work (goal ≤ 1.01 at 100 Hz, ≤ 1.03 at 1 kHz).
        var wallRatio: Double
        /// Profiled over unprofiled CPU time of the whole process (includes the collector thread).
        var processCPURatio: Double
        var handlerMedianNanos: Double
        var handlerP99Nanos: Double
        var collectorMeanNanos: Double
        var samplesTaken: Int
        var samplesDropped: Int
        var walkerFallbacks: Int
        var copyLimitHits: Int
    }

    struct Attribution: Codable {
        var truthShortPercent: Double
        var sonoraShortPercent: Double
        var sonoraSamples: Int
        /// `nil` when perf is not installed or could not record.
        var perfShortPercent: Double?
    }

    var schemaVersion = currentSchemaVersion
    var date = ""
    var host = ""
    var buildConfiguration = ""
    var overhead: [Overhead] = []
    /// CPU used by a 1 kHz session's own threads (timer manager, collector) while the program sleeps.
    var idleSessionCPUPercent = 0.0
    var attribution = Attribution(truthShortPercent: 0, sonoraShortPercent: 0, sonoraSamples: 0, perfShortPercent: nil)
    var symbolization: SymbolizationBenchmark.Result?

    /// Writes the report atomically: a temporary file in the same folder, then a rename.
    /// - Throws: When the folder cannot be created or the file written.
    func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        try AtomicFile.write(data, to: url)
    }

    /// Human-readable figures with each goal marked met or missed.
    var summary: String {
        var lines = ["profiler-bench (\(buildConfiguration))"]
        func mark(_ met: Bool) -> String { met ? "met" : "MISSED" }
        for entry in overhead {
            let goal: Double? = entry.mode != "cpu" ? nil : entry.frequency == 100 ? 1.01 : entry.frequency == 1000 ? 1.03 : nil
            let verdict = goal.map { " goal ≤\(String(format: "%.2f", $0)) \(mark(entry.wallRatio <= $0))" } ?? ""
            lines.append(String(
                format: "%@ %5d Hz: wall ×%.4f%@, process CPU ×%.4f, handler median %.0f ns p99 %.0f ns, collector %.0f ns/sample, taken %d dropped %d fallbacks %d copy-limit %d",
                entry.mode, entry.frequency, entry.wallRatio, verdict, entry.processCPURatio, entry.handlerMedianNanos, entry.handlerP99Nanos,
                entry.collectorMeanNanos, entry.samplesTaken, entry.samplesDropped, entry.walkerFallbacks, entry.copyLimitHits))
        }
        lines.append(String(format: "idle session (1 kHz, program asleep): %.2f%% of one CPU", idleSessionCPUPercent))
        if let kHz = overhead.first(where: { $0.mode == "cpu" && $0.frequency == 1000 }) {
            lines.append("handler at 1 kHz: median \(Int(kHz.handlerMedianNanos)) ns (goal ≤2000 \(mark(kHz.handlerMedianNanos <= 2000))), p99 \(Int(kHz.handlerP99Nanos)) ns (goal ≤10000 \(mark(kHz.handlerP99Nanos <= 10_000)))")
        }
        let error = abs(attribution.sonoraShortPercent - attribution.truthShortPercent)
        lines.append(String(format: "30/70 split: truth %.2f%%, Sonora %.2f%% (%d samples, error %.2f points, goal ≤1 %@)",
                            attribution.truthShortPercent, attribution.sonoraShortPercent, attribution.sonoraSamples, error, mark(error <= 1)))
        if let perf = attribution.perfShortPercent {
            lines.append(String(format: "perf record -e cpu-clock: %.2f%% (Sonora differs by %.2f points)", perf, abs(perf - attribution.sonoraShortPercent)))
        } else {
            lines.append("perf: not measured")
        }
        if let symbolization {
            lines.append(String(format: "symbolization: %.0f ns per unique address over %d addresses (goal ≤5000 %@), cached %.0f ns",
                                symbolization.nanosPerAddress, symbolization.addressCount, mark(symbolization.nanosPerAddress <= 5000),
                                symbolization.nanosPerCachedLookup))
        }
        return lines.joined(separator: "\n")
    }
}
