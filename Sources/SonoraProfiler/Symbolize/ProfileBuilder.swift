/// Turns the collector's raw stacks into a ``Profile``: symbolizes each address once and interns
/// frames and mappings.
public enum ProfileBuilder {
    /// Symbolizes `samples` and assembles the profile.
    ///
    /// Index 0 of each stack is the interrupted PC and is looked up as is; every other entry is a
    /// return address and is looked up as `address - 1`, so a call that ends its function is not
    /// attributed to the next one. Each distinct (address, leaf-or-return) pair becomes one
    /// ``Frame``; each frame points at the mapping containing its address. Threads that appear in
    /// samples but not in `threads` are added with an empty name.
    ///
    /// - Parameters:
    ///   - samples: Stacks as the collector produced them, leaf first.
    ///   - metadata: When and how the profile was taken.
    ///   - threads: Threads with their names.
    ///   - health: The sampler's counters.
    ///   - memory: RSS figures for the session.
    ///   - symbolizer: Resolves addresses; its ``Symbolizer/mappings`` become the profile's mappings.
    /// - Returns: The profile.
    /// - Complexity: O(total addresses) plus one symbolizer lookup per distinct address.
    public static func build(
        samples: [RawSample], metadata: ProfileMetadata, threads: [ProfiledThread],
        health: SamplerHealth, memory: MemoryUsage, symbolizer: inout some Symbolizer
    ) -> Profile {
        let mappings = symbolizer.mappings.sorted { $0.start < $1.start }
        var frames: [Frame] = []
        var frameIndex: [FrameKey: Int] = [:]
        var profileSamples: [Sample] = []
        profileSamples.reserveCapacity(samples.count)

        for raw in samples {
            var stack: [Int] = []
            stack.reserveCapacity(raw.addresses.count)
            for (depth, address) in raw.addresses.enumerated() {
                let key = FrameKey(address: address, isReturnAddress: depth > 0)
                if let index = frameIndex[key] {
                    stack.append(index)
                    continue
                }
                let lookupAddress = depth > 0 && address > 0 ? address - 1 : address
                let info = symbolizer.symbolize(lookupAddress)
                let mappingIndex = ELFSymbolizer.mappingIndex(in: mappings, containing: lookupAddress)
                let objectPath = info.objectPath ?? mappingIndex.map { mappings[$0].path }
                let frame = Frame(
                    address: address, mappingIndex: mappingIndex, function: info.function,
                    mangledName: info.mangledName, module: objectPath.map(Self.baseName) ?? "?",
                    file: info.file, line: info.line)
                frameIndex[key] = frames.count
                stack.append(frames.count)
                frames.append(frame)
            }
            profileSamples.append(
                Sample(
                    stack: stack, weight: raw.weight, threadID: raw.threadID, onCPU: raw.onCPU,
                    truncated: raw.truncated, walker: raw.walker))
        }

        var allThreads = threads
        var known = Set(threads.map(\.id))
        for sample in samples where known.insert(sample.threadID).inserted {
            allThreads.append(ProfiledThread(id: sample.threadID, name: ""))
        }
        return Profile(
            metadata: metadata, threads: allThreads, mappings: mappings, frames: frames,
            samples: profileSamples, health: health, memory: memory)
    }

    /// The last path component: the module name of a frame.
    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    private struct FrameKey: Hashable {
        var address: UInt64
        var isReturnAddress: Bool
    }
}
