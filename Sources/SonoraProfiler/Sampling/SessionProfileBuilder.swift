/// Turns a session's raw result into a ``Profile``.
enum SessionProfileBuilder {
    /// Symbolizes and interns `result`.
    static func build(_ result: SessionResult) -> Profile {
        var symbolizer = AddressSymbolizer()
        var frames: [Frame] = []
        var index: [UInt64: Int] = [:]
        let samples = result.samples.map { raw in
            Sample(
                stack: raw.addresses.enumerated().map { depth, address in
                    let lookup = depth == 0 ? address : address - 1
                    if let known = index[lookup] { return known }
                    let info = symbolizer.symbolize(lookup)
                    frames.append(Frame(address: address, mappingIndex: nil, function: info.function, mangledName: info.mangledName, module: ""))
                    index[lookup] = frames.count - 1
                    return frames.count - 1
                },
                weight: raw.weight, threadID: raw.threadID, onCPU: raw.onCPU, truncated: raw.truncated, walker: raw.walker)
        }
        return Profile(
            metadata: result.metadata, threads: result.threads, mappings: [], frames: frames,
            samples: samples, health: result.health, memory: result.memory)
    }
}
