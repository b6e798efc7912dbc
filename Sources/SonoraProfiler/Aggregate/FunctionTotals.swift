/// Per-function and per-edge sample totals keyed by small integers, for exports of large profiles.
///
/// Computes the same numbers as ``ProfileAggregate`` (self samples, samples with the function on
/// the stack once per sample, caller→callee edges once per sample) but interns each frame's
/// function once, so the per-frame work is array indexing instead of hashing three strings.
struct FunctionTotals {
    struct Function: Hashable {
        var name: String
        var module: String
        var file: String?
    }

    struct Edge {
        var caller: Int
        var callee: Int
        var selfSamples = 0
        var totalSamples = 0
    }

    /// Distinct functions; indices are function ids.
    private(set) var functions: [Function] = []
    /// The smallest line seen for each function.
    private(set) var firstLine: [Int?] = []
    private(set) var selfSamples: [Int] = []
    private(set) var totalSamples: [Int] = []
    private(set) var edges: [Edge] = []
    private(set) var weightedSamples = 0

    /// - Complexity: O(total frames over all samples).
    init(_ profile: Profile) {
        var ids: [Function: Int] = [:]
        let frameKeys = FunctionKey.keys(for: profile.frames)
        let frameFunction: [Int] = zip(profile.frames, frameKeys).map { frame, key in
            let function = Function(name: key.name, module: key.module, file: key.file)
            let id: Int
            if let known = ids[function] {
                id = known
            } else {
                id = functions.count
                ids[function] = id
                functions.append(function)
                firstLine.append(nil)
            }
            if let line = frame.line { firstLine[id] = min(firstLine[id] ?? line, line) }
            return id
        }
        let count = functions.count
        selfSamples = Array(repeating: 0, count: count)
        totalSamples = Array(repeating: 0, count: count)
        var lastSeen = Array(repeating: -1, count: count)
        var edgeIndex: [Int: Int] = [:]  // caller * count + callee → index in `edges`
        var edgeLastSeen: [Int] = []

        for (sampleIndex, sample) in profile.samples.enumerated() {
            weightedSamples += sample.weight
            let stack = sample.stack
            for depth in stack.indices {
                let callee = frameFunction[stack[depth]]
                if depth == 0 { selfSamples[callee] += sample.weight }
                if lastSeen[callee] != sampleIndex {
                    lastSeen[callee] = sampleIndex
                    totalSamples[callee] += sample.weight
                }
                guard depth + 1 < stack.count else { continue }
                let caller = frameFunction[stack[depth + 1]]
                let key = caller * count + callee
                let index: Int
                if let known = edgeIndex[key] {
                    index = known
                } else {
                    index = edges.count
                    edgeIndex[key] = index
                    edges.append(Edge(caller: caller, callee: callee))
                    edgeLastSeen.append(-1)
                }
                if depth == 0 { edges[index].selfSamples += sample.weight }
                if edgeLastSeen[index] != sampleIndex {
                    edgeLastSeen[index] = sampleIndex
                    edges[index].totalSamples += sample.weight
                }
            }
        }
    }
}
