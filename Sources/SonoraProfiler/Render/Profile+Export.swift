import Foundation

extension Profile {
    /// Encodes the profile in `format`.
    ///
    /// - Parameters:
    ///   - format: The file format.
    ///   - flameGraph: Layout options, used by ``ProfileFormat/svg`` only.
    /// - Returns: The file's bytes.
    /// - Throws: ``ProfilerError`` `.invalidConfiguration` for a format this version does not write;
    ///   `.invalidProfile` when ``validationProblem()`` finds a problem, or for pstats when the
    ///   profile has no samples (Python's pstats refuses an empty file).
    /// - Complexity: O(total frames over all samples) for every format.
    public func encoded(as format: ProfileFormat, flameGraph: FlameGraphOptions = .init()) throws -> Data {
        try validateForExport()
        guard let renderer = format.renderer else {
            throw ProfilerError(.invalidConfiguration, "unknown profile format '\(format.rawValue)'; expected one of \(ProfileFormat.all.map(\.rawValue).joined(separator: ", "))")
        }
        return try renderer.render(self, options: flameGraph)
    }

    /// Writes the profile to `url` in `format`, atomically (a temporary file in the same folder, then a rename).
    ///
    /// - Parameters:
    ///   - url: The destination file.
    ///   - format: The file format; ``ProfileFormat/native`` by default.
    ///   - flameGraph: Layout options, used by ``ProfileFormat/svg`` only.
    /// - Throws: ``ProfilerError`` naming the file when it cannot be written.
    public func write(to url: URL, format: ProfileFormat = .native, flameGraph: FlameGraphOptions = .init()) throws {
        try AtomicFile.write(encoded(as: format, flameGraph: flameGraph), to: url)
    }

    /// A label for thread `id` used by every export: `name-id`, or `thread-id` when the thread has no name.
    func threadLabel(_ id: Int32) -> String {
        let name = threads.first { $0.id == id }?.name ?? ""
        return name.isEmpty ? "thread-\(id)" : "\(name)-\(id)"
    }

    /// Thread ids in the order they first appear: `threads` first, then any id only samples mention.
    var orderedThreadIDs: [Int32] {
        var seen = Set<Int32>()
        var ids: [Int32] = []
        for thread in threads where seen.insert(thread.id).inserted { ids.append(thread.id) }
        for sample in samples where seen.insert(sample.threadID).inserted { ids.append(sample.threadID) }
        return ids
    }
}
