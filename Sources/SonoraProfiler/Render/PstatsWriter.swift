import Foundation

/// Writes the dict `cProfile.Profile.dump_stats` writes, from samples.
///
/// Keys are `(filename, lineno, funcname)`; values are `(cc, nc, tt, ct, callers)` and callers map
/// caller keys to `(nc, cc, tt, ct)`. A sampler does not know call counts, so:
/// - `tt` is self samples × period, in seconds;
/// - `ct` is samples with the function anywhere on the stack (once per sample, even under
///   recursion) × period;
/// - `nc` and `cc` are both that sample count.
///
/// `filename` is the source file when known, else the module (for example `libswiftCore.so`);
/// `lineno` is the function's first known line, else 0. Functions that share a key are merged.
enum PstatsWriter {
    struct Key: Hashable, Comparable {
        var file: String
        var line: Int
        var name: String

        static func < (a: Key, b: Key) -> Bool { (a.file, a.line, a.name) < (b.file, b.line, b.name) }
    }

    struct Totals {
        var selfSamples = 0
        var totalSamples = 0
        var callers: [Key: (selfSamples: Int, totalSamples: Int)] = [:]
    }

    /// The pstats table, with merged keys; exposed for tests.
    /// - Complexity: O(total frames over all samples).
    static func table(_ totals: FunctionTotals) -> [Key: Totals] {
        let keys = totals.functions.indices.map { id in
            let function = totals.functions[id]
            return Key(file: function.file ?? function.module, line: totals.firstLine[id] ?? 0, name: function.name)
        }
        var table: [Key: Totals] = [:]
        for (id, key) in keys.enumerated() where totals.totalSamples[id] > 0 {
            table[key, default: Totals()].selfSamples += totals.selfSamples[id]
            table[key, default: Totals()].totalSamples += totals.totalSamples[id]
        }
        for edge in totals.edges {
            let callee = keys[edge.callee], caller = keys[edge.caller]
            var edgeTotals = table[callee]?.callers[caller] ?? (0, 0)
            edgeTotals.selfSamples += edge.selfSamples
            edgeTotals.totalSamples += edge.totalSamples
            table[callee]?.callers[caller] = edgeTotals
        }
        return table
    }

    /// - Complexity: O(total frames over all samples), plus sorting the functions.
    static func encode(_ profile: Profile) -> Data {
        let period = profile.period
        let table = table(FunctionTotals(profile))
        var writer = MarshalWriter()
        writer.beginDict()
        for key in table.keys.sorted() {
            let totals = table[key]!
            write(key, into: &writer)
            writer.beginTuple(count: 5)
            writeCallsAndTimes(self: totals.selfSamples, total: totals.totalSamples, period: period, into: &writer)
            writer.beginDict()
            for caller in totals.callers.keys.sorted() {
                let edge = totals.callers[caller]!
                write(caller, into: &writer)
                writer.beginTuple(count: 4)
                writeCallsAndTimes(self: edge.selfSamples, total: edge.totalSamples, period: period, into: &writer)
            }
            writer.endDict()
        }
        writer.endDict()
        return Data(writer.bytes)
    }

    /// Writes the four numbers a function's `(cc, nc, tt, ct, …)` and a caller's `(nc, cc, tt, ct)` open with:
    /// both call counts are the sample count (so their order does not matter), then the self and total times.
    private static func writeCallsAndTimes(self selfSamples: Int, total: Int, period: Double, into writer: inout MarshalWriter) {
        writer.int(total)
        writer.int(total)
        writer.float(Double(selfSamples) * period)
        writer.float(Double(total) * period)
    }

    private static func write(_ key: Key, into writer: inout MarshalWriter) {
        writer.beginTuple(count: 3)
        writer.string(key.file)
        writer.int(key.line)
        writer.string(key.name)
    }
}
