import ArgumentParser
import Foundation
import SonoraProfiler

/// `sonora profile show`: the pstats-style function table of a saved profile.
struct ProfileShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a profile's function table, like pstats print_stats.",
        discussion: """
        Examples:
          sonora profile show run.sonoraprofile
          sonora profile show run.sonoraprofile --sort tottime --limit 10
          sonora profile show run.sonoraprofile --thread 4242 --filter 'TrackQueue'
          sonora profile show run.sonoraprofile --callers 'decode'

        --filter keeps only samples whose stack has a function matching the
        regular expression (like pprof's --focus); percentages are of those.

        \(ProfileExitCode.documentation)
        """
    )

    @Argument(help: "A .sonoraprofile file, or '-' for standard input.")
    var file: String

    @Option(help: "Sort order: cumulative, tottime, samples, name or file; pstats' cumtime, time, ncalls, calls and filename also work.")
    var sort: TableSortKey = .cumulative

    @Option(help: "Show at most this many functions; 0 or less shows all.")
    var limit: Int = 20

    @Option(help: "Only samples of this thread id.")
    var thread: Int32?

    @Option(help: "Only samples with a function matching this regular expression on the stack.")
    var filter: String?

    @Option(help: "Also list the callers of functions whose name matches this regular expression.")
    var callers: String?

    func run() async throws {
        // Both expressions are checked before anything is printed.
        let filterPattern = try filter.map { try regex($0, option: "--filter") }
        let callersPattern = try callers.map { try regex($0, option: "--callers") }
        var profile = try ProfileCommandSupport.load(file)
        if let thread {
            guard profile.samples.contains(where: { $0.threadID == thread }) else {
                let ids = Set(profile.samples.map(\.threadID)).sorted().map(String.init).joined(separator: ", ")
                throw ProfileCommandSupport.fail("error: \(file) has no samples for thread \(thread); its threads are \(ids)", ProfileExitCode.badInput)
            }
            profile.samples.removeAll { $0.threadID != thread }
            profile.threads.removeAll { $0.id != thread }
        }
        if let pattern = filterPattern {
            let matching = profile.frames.map { $0.function.contains(pattern) }
            profile.samples.removeAll { sample in !sample.stack.contains { matching[$0] } }
        }
        print(summary(profile))
        print(profile.table(sortedBy: sort, limit: limit))
        if let callersPattern {
            print(callersReport(profile, matching: callersPattern))
        }
    }

    private func regex(_ text: String, option: String) throws -> Regex<AnyRegexOutput> {
        do {
            return try Regex(text)
        } catch {
            throw ProfileCommandSupport.fail("error: \(option) '\(text)' is not a valid regular expression: \(error)", ProfileExitCode.badInput)
        }
    }

    private func summary(_ profile: Profile) -> String {
        let meta = profile.metadata
        let threads = Set(profile.samples.map(\.threadID)).count
        return """
        \(file == ProfileCommandSupport.standardInput ? "standard input" : file): \(meta.mode) profile at \(meta.frequency) Hz, \(profile.sampleCount) samples \
        (\(profile.weightedSampleCount) weighted) on \(threads) thread\(threads == 1 ? "" : "s"), \
        \(String(format: "%.3f", meta.duration)) s, pid \(meta.pid) on \(meta.host), \(meta.buildConfiguration) build

        """
    }

    /// Lists who called each matching function, like pstats `print_callers`, with sample counts and shares.
    private func callersReport(_ profile: Profile, matching pattern: Regex<AnyRegexOutput>) -> String {
        let aggregate = ProfileAggregate(profile)
        let total = Double(max(aggregate.totalSamples, 1))
        let callees = aggregate.functions.values
            .filter { $0.name.contains(pattern) }
            .sorted { ($0.totalSamples, $1.name) > ($1.totalSamples, $0.name) }
        guard !callees.isEmpty else { return "No function matches '\(callers ?? "")'." }
        var out = ""
        for callee in callees {
            out += "\n\(Profile.printable(callee.name)) (\(Profile.printable(callee.module))): \(callee.totalSamples) samples, "
            out += String(format: "%.1f%%", 100 * Double(callee.totalSamples) / total) + ", called by:\n"
            let edges = aggregate.edges
                .filter { $0.callee.name == callee.name && $0.callee.module == callee.module && $0.callee.file == callee.file }
                .sorted { ($0.totalSamples, $1.caller.name) > ($1.totalSamples, $0.caller.name) }
            if edges.isEmpty { out += "    (no callers: a root of its stacks)\n" }
            for edge in edges {
                out += String(format: "%8d  %5.1f%%  ", edge.totalSamples, 100 * Double(edge.totalSamples) / total)
                out += "\(Profile.printable(edge.caller.name)) (\(Profile.printable(edge.caller.module)))\n"
            }
        }
        return out
    }
}
