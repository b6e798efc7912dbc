/// Per-function and per-edge sample totals over a ``FunctionTable``: the one computation behind
/// ``ProfileAggregate`` (tables, diffs) and the pstats export.
///
/// Self samples count the function at the leaf; total samples count it anywhere on the stack,
/// once per sample even under recursion; edges count caller→callee once per sample. Weights add
/// with saturation, so an unvalidated in-memory profile cannot trap here.
struct FunctionTotals {
    struct Edge {
        var caller: Int
        var callee: Int
        var selfSamples = 0
        var totalSamples = 0
    }

    let table: FunctionTable
    /// The smallest line seen for each function in the included samples.
    private(set) var firstLine: [Int?] = []
    /// The first frame of each function met in the included samples (leaf to root, in sample
    /// order); `nil` for a function no included sample reaches.
    private(set) var firstFrame: [Int?] = []
    private(set) var selfSamples: [Int] = []
    private(set) var totalSamples: [Int] = []
    private(set) var edges: [Edge] = []
    private(set) var weightedSamples = 0

    /// Distinct functions; indices are function ids.
    var functions: [FunctionKey] { table.functions }

    /// Totals of `profile`'s samples for which `include` returns `true`.
    /// - Complexity: O(total frames over all samples).
    init(_ profile: Profile, including include: (Sample) -> Bool = { _ in true }) {
        table = FunctionTable(profile)
        let frameFunction = table.frameFunction
        let count = table.count
        firstLine = Array(repeating: nil, count: count)
        firstFrame = Array(repeating: nil, count: count)
        selfSamples = Array(repeating: 0, count: count)
        totalSamples = Array(repeating: 0, count: count)
        var lastSeen = Array(repeating: -1, count: count)
        var edgeIndex: [Int: Int] = [:]  // caller * count + callee → index in `edges`
        var edgeLastSeen: [Int] = []

        for (sampleIndex, sample) in profile.samples.enumerated() where include(sample) {
            weightedSamples.addSaturating(sample.weight)
            let stack = sample.stack
            for depth in stack.indices {
                let frame = stack[depth]
                let callee = frameFunction[frame]
                if firstFrame[callee] == nil { firstFrame[callee] = frame }
                if let line = profile.frames[frame].line { firstLine[callee] = min(firstLine[callee] ?? line, line) }
                if depth == 0 { selfSamples[callee].addSaturating(sample.weight) }
                if lastSeen[callee] != sampleIndex {
                    lastSeen[callee] = sampleIndex
                    totalSamples[callee].addSaturating(sample.weight)
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
                if depth == 0 { edges[index].selfSamples.addSaturating(sample.weight) }
                if edgeLastSeen[index] != sampleIndex {
                    edgeLastSeen[index] = sampleIndex
                    edges[index].totalSamples.addSaturating(sample.weight)
                }
            }
        }
    }
}
