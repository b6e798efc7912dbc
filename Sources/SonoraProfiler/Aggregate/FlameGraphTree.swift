/// The call tree a flame graph draws: one node per distinct root-to-function path, merged across threads.
///
/// Nodes carry the head profile's weighted samples and, for a differential graph, the base
/// profile's, so both graphs share one layout.
struct FlameGraphTree {
    struct Node {
        var function: Int
        var depth: Int
        var value = 0
        var baseValue = 0
        /// Function index → node index.
        var children: [Int: Int] = [:]
    }

    /// Node 0 is the root ("all"); its function index is -1.
    private(set) var nodes: [Node] = [Node(function: -1, depth: 0)]
    /// Functions by id: the first profile's ``FunctionTable``, then the base's functions it lacks.
    private(set) var functions: [FunctionKey] = []
    private var functionIndex: [FunctionKey: Int] = [:]
    private(set) var maxDepth = 0
    var mode: ProfilingMode
    var isDifferential = false

    /// Builds the tree of `profile`.
    /// - Complexity: O(total frames over all samples).
    init(_ profile: Profile) {
        mode = profile.metadata.mode
        add(profile, base: false)
    }

    /// Builds a differential tree: widths from `head`, colors from the change since `base`.
    init(base: Profile, head: Profile) {
        mode = head.metadata.mode
        isDifferential = true
        add(head, base: false)
        add(base, base: true)
    }

    var total: Int { nodes[0].value }
    var baseTotal: Int { nodes[0].baseValue }

    private mutating func add(_ profile: Profile, base: Bool) {
        let table = FunctionTable(profile)
        let functionIDs = table.functions.map { intern($0) }
        let ids = table.frameFunction.map { functionIDs[$0] }
        for sample in profile.samples {
            var node = 0
            bump(node, sample.weight, base)
            for frameIndex in sample.stack.reversed() {
                let function = ids[frameIndex]
                if let child = nodes[node].children[function] {
                    node = child
                } else {
                    let depth = nodes[node].depth + 1
                    nodes.append(Node(function: function, depth: depth))
                    nodes[node].children[function] = nodes.count - 1
                    node = nodes.count - 1
                    maxDepth = max(maxDepth, depth)
                }
                bump(node, sample.weight, base)
            }
        }
    }

    private mutating func bump(_ node: Int, _ weight: Int, _ base: Bool) {
        if base { nodes[node].baseValue.addSaturating(weight) } else { nodes[node].value.addSaturating(weight) }
    }

    private mutating func intern(_ function: FunctionKey) -> Int {
        if let index = functionIndex[function] { return index }
        functionIndex[function] = functions.count
        functions.append(function)
        return functions.count - 1
    }

    /// Each function's position in name order (then module, then file), for sorting children cheaply.
    func functionRanks() -> [Int] {
        let order = functions.indices.sorted {
            let a = functions[$0], b = functions[$1]
            return (a.name, a.module, a.file ?? "") < (b.name, b.module, b.file ?? "")
        }
        var ranks = Array(repeating: 0, count: functions.count)
        for (rank, id) in order.enumerated() { ranks[id] = rank }
        return ranks
    }

    /// The children of `node`, sorted by function name (then module) as flame graphs are.
    /// - Parameter ranks: The result of ``functionRanks()``.
    func sortedChildren(of node: Int, ranks: [Int]) -> [Int] {
        nodes[node].children.values.sorted { ranks[nodes[$0].function] < ranks[nodes[$1].function] }
    }
}
