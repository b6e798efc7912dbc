/// Turns a session's raw result into a ``Profile`` through ``ProfileBuilder``.
enum SessionProfileBuilder {
    /// Symbolizes `result` with the ELF symbolizer, or names addresses `0x…` when it cannot start.
    /// - Complexity: O(total addresses) plus one symbol lookup per distinct address.
    static func build(_ result: SessionResult) -> Profile {
        if var symbolizer = try? ELFSymbolizer() {
            return build(result, symbolizer: &symbolizer)
        }
        var fallback = AddressSymbolizer()
        return build(result, symbolizer: &fallback)
    }

    static func build(_ result: SessionResult, symbolizer: inout some Symbolizer) -> Profile {
        ProfileBuilder.build(
            samples: result.samples, metadata: result.metadata, threads: result.threads,
            health: result.health, memory: result.memory, symbolizer: &symbolizer)
    }
}
