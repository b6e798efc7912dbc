/// A JSON value kept as the bytes it arrived as until someone reads it.
///
/// `pluginInfo` and `userData` are on every track of a load result and almost always `{}`; keeping them
/// as bytes (and `{}` as nothing at all) spares a load the cost of building values nobody reads.
struct LazyJSON: Sendable {
    enum Storage: Sendable {
        /// `{}`, the common case: no bytes kept.
        case emptyObject
        /// The value's bytes, already checked to be well-formed JSON.
        case bytes([UInt8])
        /// A value set or decoded through `Codable`.
        case value(JSONValue)
    }

    var storage: Storage

    /// `{}`.
    static var emptyObject: LazyJSON { LazyJSON(storage: .emptyObject) }

    init(storage: Storage) {
        self.storage = storage
    }

    init(_ value: JSONValue) {
        storage = value == .emptyObject ? .emptyObject : .value(value)
    }

    /// Keeps the bytes of a value that a scanner has already checked.
    init(checkedBytes: UnsafeRawBufferPointer) {
        storage = Self.isEmptyObject(checkedBytes) ? .emptyObject : .bytes([UInt8](checkedBytes))
    }

    /// The value, parsed from the kept bytes on each read.
    /// - Complexity: O(*n*) in the size of the kept bytes.
    var value: JSONValue {
        switch storage {
        case .emptyObject: return .emptyObject
        case .value(let value): return value
        case .bytes(let bytes):
            // The bytes passed the scanner once, so they parse again; `.null` is never reached in practice.
            return (try? bytes.withUnsafeBytes { raw in
                Result { () throws(MusicError) -> JSONValue in try JSONScanner.value(of: raw, what: "kept JSON") }
            }.get()) ?? .null
        }
    }

    /// Whether the bytes are `{` and `}` with only whitespace between.
    private static func isEmptyObject(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return false }
        return bytes.dropFirst().dropLast().allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    }
}

extension LazyJSON: Hashable {
    static func == (lhs: LazyJSON, rhs: LazyJSON) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.emptyObject, .emptyObject): return true
        case (.bytes(let left), .bytes(let right)) where left == right: return true
        default: return lhs.value == rhs.value
        }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }
}
