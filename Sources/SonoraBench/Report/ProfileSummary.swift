import SonoraProfiler

/// The top functions of a benchmark's profiling pass, as shares of its samples.
public struct ProfileSummary: Sendable, Codable {
    /// Weighted samples the shares are relative to.
    public var totalSamples: Int
    /// Seconds the profiling pass ran.
    public var duration: Double
    /// Functions by descending cumulative share, then self share.
    public var functions: [FunctionShare]
    /// Files saved beside the report (native profile, flame graph), relative to the report.
    public var files: [String]

    public init(totalSamples: Int, duration: Double, functions: [FunctionShare], files: [String] = []) {
        self.totalSamples = totalSamples
        self.duration = duration
        self.functions = functions
        self.files = files
    }

    /// Summarizes a profile's functions.
    ///
    /// - Parameters:
    ///   - profile: The profiling pass's profile.
    ///   - threadID: Only samples of this thread count, or every sample when `nil`.
    ///   - limit: The most functions kept, chosen by self share and by cumulative share.
    public init(_ profile: Profile, threadID: Int32?, limit: Int = 25) {
        let aggregate = ProfileAggregate(profile) { threadID == nil || $0.threadID == threadID }
        let all = ProfileDiff.shares(of: aggregate).map {
            FunctionShare(name: $0.function.name, module: $0.function.module, selfShare: $0.selfShare, cumulativeShare: $0.cumulativeShare)
        }
        let bySelf = all.sorted { ($0.selfShare, $1.name) > ($1.selfShare, $0.name) }.prefix(limit)
        let byTotal = all.sorted { ($0.cumulativeShare, $1.name) > ($1.cumulativeShare, $0.name) }.prefix(limit)
        var seen = Set<FunctionKey>()
        let kept = (Array(byTotal) + Array(bySelf)).filter { seen.insert($0.function).inserted }
        self.init(
            totalSamples: aggregate.totalSamples, duration: profile.metadata.duration,
            functions: kept.sorted { ($0.cumulativeShare, $0.selfShare, $1.name) > ($1.cumulativeShare, $1.selfShare, $0.name) })
    }

    /// The kept functions' shares, for ``ProfileDiff/grown(base:head:limit:)``.
    public var shares: [ProfileDiff.Share] {
        functions.map { ProfileDiff.Share(function: $0.function, selfShare: $0.selfShare, cumulativeShare: $0.cumulativeShare) }
    }
}
