/// Renders Brendan Gregg's folded stacks, the input of `flamegraph.pl` and Pyroscope's default ingest format.
///
/// One line per distinct stack: `thread;root;…;leaf count`, where `count` is the summed sample
/// weight. Lines are sorted, so equal profiles give equal files.
enum FoldedWriter {
    /// - Complexity: O(total frames over all samples), plus sorting the distinct stacks.
    static func render(_ profile: Profile) -> String {
        var labels: [Int32: String] = [:]
        for id in profile.orderedThreadIDs { labels[id] = clean(profile.threadLabel(id)) }
        let names = profile.frames.map { clean($0.function) }
        struct Stack: Hashable {
            var thread: Int32
            var frames: [Int]
        }
        var stackCounts: [Stack: Int] = [:]
        for sample in profile.samples {
            stackCounts[Stack(thread: sample.threadID, frames: sample.stack), default: 0] += sample.weight
        }
        var counts: [String: Int] = [:]
        for (stack, count) in stackCounts {
            var line = labels[stack.thread]!
            for index in stack.frames.reversed() {
                line += ";"
                line += names[index]
            }
            counts[line, default: 0] += count
        }
        var out = ""
        for line in counts.keys.sorted() {
            out += "\(line) \(counts[line]!)\n"
        }
        return out
    }

    /// Frame names may not contain the separators: `;` becomes `:` and line breaks become spaces.
    static func clean(_ name: String) -> String {
        guard name.contains(where: { $0 == ";" || $0.isNewline }) else { return name }
        return String(name.map { $0 == ";" ? ":" : $0.isNewline ? " " : $0 })
    }
}
