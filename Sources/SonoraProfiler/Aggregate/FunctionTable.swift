/// Every distinct function of a profile, interned once: the one function identity that the
/// aggregate, the pstats export, the flame graph and the diff all use.
///
/// A function is a ``FunctionKey`` (name, module, source file), with each function's placeholder
/// files merged into its real one (see ``FunctionKey/keys(for:)``). Frames at different addresses
/// of one function share an id, so per-frame work downstream is array indexing, not hashing.
struct FunctionTable {
    /// Distinct functions in the order their frames first appear; an index is a function id.
    private(set) var functions: [FunctionKey] = []
    /// The function id of each of the profile's frames, in frame order.
    private(set) var frameFunction: [Int] = []

    /// - Complexity: O(frames).
    init(_ profile: Profile) {
        var ids: [FunctionKey: Int] = [:]
        frameFunction.reserveCapacity(profile.frames.count)
        for key in FunctionKey.keys(for: profile.frames) {
            if let known = ids[key] {
                frameFunction.append(known)
            } else {
                ids[key] = functions.count
                frameFunction.append(functions.count)
                functions.append(key)
            }
        }
    }

    var count: Int { functions.count }
}
