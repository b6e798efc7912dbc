import Foundation

/// The result of one profiling session: symbolized stacks plus what the session cost and peaked at.
///
/// A `Profile` is the single source for every table and export. Samples refer to `frames` by index,
/// frames refer to `mappings` by index, and samples refer to `threads` by thread id.
public struct Profile: Sendable, Codable {
    public var metadata: ProfileMetadata
    public var threads: [ProfiledThread]
    /// Loaded objects (executable and shared libraries) that frames point into.
    public var mappings: [Mapping]
    /// One entry per unique symbolized address.
    public var frames: [Frame]
    public var samples: [Sample]
    public var health: SamplerHealth
    public var memory: MemoryUsage

    public init(
        metadata: ProfileMetadata,
        threads: [ProfiledThread],
        mappings: [Mapping],
        frames: [Frame],
        samples: [Sample],
        health: SamplerHealth,
        memory: MemoryUsage
    ) {
        self.metadata = metadata
        self.threads = threads
        self.mappings = mappings
        self.frames = frames
        self.samples = samples
        self.health = health
        self.memory = memory
    }

    /// Seconds of wall time the session lasted.
    public var executionTime: Double { metadata.duration }
    /// Peak resident set size during the session, in MiB.
    public var peakMemoryMB: Double { memory.peakMB }
    /// Number of samples recorded (unweighted).
    public var sampleCount: Int { samples.count }
    /// Sum of sample weights: each CPU sample counts `1 + si_overrun` timer periods.
    ///
    /// Saturates at `Int.max` rather than trapping; ``validationProblem()`` reports such a profile.
    public var weightedSampleCount: Int {
        samples.reduce(0) { total, sample in
            let (sum, overflow) = total.addingReportingOverflow(sample.weight)
            return overflow ? .max : sum
        }
    }
    /// Seconds one unit of sample weight stands for: `1 / frequency`.
    public var period: Double { 1.0 / Double(max(metadata.frequency, 1)) }
}

/// When, where and how a profile was taken.
public struct ProfileMetadata: Sendable, Codable, Equatable {
    public var mode: ProfilingMode
    /// Requested sampling frequency in Hz.
    public var frequency: Int
    public var startTime: Date
    /// Wall-clock seconds from start to stop.
    public var duration: Double
    public var pid: Int32
    public var commandLine: [String]
    public var host: String
    public var swiftVersion: String
    /// `debug` or `release`.
    public var buildConfiguration: String

    public init(
        mode: ProfilingMode, frequency: Int, startTime: Date, duration: Double, pid: Int32,
        commandLine: [String], host: String, swiftVersion: String, buildConfiguration: String
    ) {
        self.mode = mode
        self.frequency = frequency
        self.startTime = startTime
        self.duration = duration
        self.pid = pid
        self.commandLine = commandLine
        self.host = host
        self.swiftVersion = swiftVersion
        self.buildConfiguration = buildConfiguration
    }
}

/// A thread that produced at least one sample.
public struct ProfiledThread: Sendable, Codable, Hashable {
    /// Kernel thread id (`gettid()`).
    public var id: Int32
    /// The thread's name from `/proc/self/task/<tid>/comm`, or `""`.
    public var name: String

    public init(id: Int32, name: String) {
        self.id = id
        self.name = name
    }
}

/// A loaded object that frames point into, as pprof's `Mapping` describes it.
public struct Mapping: Sendable, Codable, Hashable {
    public var start: UInt64
    public var limit: UInt64
    public var fileOffset: UInt64
    public var path: String
    /// Hex-encoded GNU build id, if the object has one.
    public var buildID: String?

    public init(start: UInt64, limit: UInt64, fileOffset: UInt64, path: String, buildID: String?) {
        self.start = start
        self.limit = limit
        self.fileOffset = fileOffset
        self.path = path
        self.buildID = buildID
    }
}

/// One symbolized code address.
public struct Frame: Sendable, Codable, Hashable {
    /// The sampled address: the interrupted PC for a leaf, the return address otherwise.
    public var address: UInt64
    /// Index into `Profile.mappings`, or `nil` when the address is in no known object.
    public var mappingIndex: Int?
    /// Demangled function name, or `0x…` when the address has no symbol.
    public var function: String
    /// The symbol as it appears in the object file; equal to `function` for C symbols.
    public var mangledName: String
    /// Short module name: the object file's base name, for example `libswiftCore.so`.
    public var module: String
    public var file: String?
    public var line: Int?

    public init(
        address: UInt64, mappingIndex: Int?, function: String, mangledName: String,
        module: String, file: String? = nil, line: Int? = nil
    ) {
        self.address = address
        self.mappingIndex = mappingIndex
        self.function = function
        self.mangledName = mangledName
        self.module = module
        self.file = file
        self.line = line
    }
}

/// One stack sample.
public struct Sample: Sendable, Codable, Hashable {
    /// Indices into `Profile.frames`, leaf first.
    public var stack: [Int]
    /// How many timer periods the sample stands for (`1 + si_overrun` in CPU mode).
    public var weight: Int
    public var threadID: Int32
    /// Wall mode: whether the thread used CPU since its previous sample. `nil` in CPU mode.
    public var onCPU: Bool?
    /// Whether the walk stopped at the depth or copy limit before reaching the stack's root.
    public var truncated: Bool
    public var walker: StackWalker

    public init(
        stack: [Int], weight: Int, threadID: Int32, onCPU: Bool? = nil,
        truncated: Bool = false, walker: StackWalker = .libunwindRemote
    ) {
        self.stack = stack
        self.weight = weight
        self.threadID = threadID
        self.onCPU = onCPU
        self.truncated = truncated
        self.walker = walker
    }
}

/// Which unwinder produced a sample's stack.
public struct StackWalker: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// libunwind's remote API over the copied stack (the normal path).
    public static let libunwindRemote = StackWalker(rawValue: "libunwind-remote")
    /// Frame-pointer chain over the copied stack, used when libunwind could not step.
    public static let framePointer = StackWalker(rawValue: "frame-pointer")
    /// Only the interrupted PC was recorded.
    public static let pcOnly = StackWalker(rawValue: "pc-only")

    public var description: String { rawValue }
}

/// How the sampler itself behaved: what it took, what it lost and what it cost.
public struct SamplerHealth: Sendable, Codable, Equatable {
    public var samplesTaken: Int = 0
    /// Samples lost because the slot pool was full (or wall signals were coalesced); never silent.
    public var samplesDropped: Int = 0
    /// Samples whose libunwind walk failed and fell back to another walker.
    public var walkerFallbacks: Int = 0
    /// Stacks cut short because the copied stack ended before the root.
    public var copyLimitHits: Int = 0
    public var handlerMedianNanos: Double = 0
    public var handlerP99Nanos: Double = 0
    public var collectorMeanNanos: Double = 0
    /// The collector thread's CPU time per sample, wake-ups included; `nil` in profiles written
    /// before this was recorded.
    public var collectorCPUNanosPerSample: Double?
    public var threadsSeen: Int = 0
    /// Threads that blocked the sampling signal when first seen, so they were never sampled;
    /// `nil` in profiles written before this was recorded.
    public var threadsBlockingSignal: [Int32]?

    public init() {}
}

/// Resident memory over a session, from `/proc/self/status`.
public struct MemoryUsage: Sendable, Codable, Equatable {
    public var rssAtStartMB: Double
    /// VmHWM at stop.
    public var peakMB: Double
    public var rssAtEndMB: Double
    /// `true` when VmHWM was reset through `/proc/self/clear_refs` at start, so the peak is this
    /// session's own; `false` when it is the process-lifetime peak.
    public var peakIsSessionLocal: Bool

    public init(rssAtStartMB: Double, peakMB: Double, rssAtEndMB: Double, peakIsSessionLocal: Bool) {
        self.rssAtStartMB = rssAtStartMB
        self.peakMB = peakMB
        self.rssAtEndMB = rssAtEndMB
        self.peakIsSessionLocal = peakIsSessionLocal
    }
}
