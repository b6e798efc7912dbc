extension FunctionKey {
    /// Whether `file` stands for no source file: none at all, or DWARF's `<compiler-generated>`
    /// (line 0), which the compiler gives to the prologue or outlined parts of ordinary functions.
    static func isPlaceholder(_ file: String?) -> Bool {
        guard let file else { return true }
        return file.hasSuffix("<compiler-generated>")
    }

    /// One key per frame, with each function's placeholder files merged into its source file.
    ///
    /// One function sampled at several addresses can resolve to `Track.swift` at some and to
    /// `<compiler-generated>` at others; keyed by file, it would show as two rows. When a
    /// function (name and module) has exactly one real source file, its frames with a
    /// placeholder file take that file. Functions with two real files (same name in two files)
    /// stay apart.
    ///
    /// - Parameter frames: A profile's frames.
    /// - Returns: The key of each frame, in the same order.
    /// - Complexity: O(frames).
    static func keys(for frames: [Frame]) -> [FunctionKey] {
        struct Function: Hashable {
            var name: String
            var module: String
        }
        var realFile: [Function: String?] = [:]  // nil value: two different real files
        var hasPlaceholder = false
        for frame in frames {
            guard !isPlaceholder(frame.file), let file = frame.file else {
                hasPlaceholder = true
                continue
            }
            let function = Function(name: frame.function, module: frame.module)
            if let known = realFile[function] {
                if known != file { realFile[function] = .some(nil) }
            } else {
                realFile[function] = file
            }
        }
        return frames.map { frame in
            guard hasPlaceholder, isPlaceholder(frame.file),
                  case let file?? = realFile[Function(name: frame.function, module: frame.module)]
            else { return FunctionKey(frame) }
            return FunctionKey(name: frame.function, module: frame.module, file: file)
        }
    }
}
