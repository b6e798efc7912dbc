/// A minimal protocol buffers encoder: varints, packed varints, strings and nested messages.
///
/// Enough for pprof's `profile.proto`, whose fields are all int64/uint64/bool/string/message.
/// Field numbers come from the caller; see ``PprofEncoder``.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    private static let varintType: UInt64 = 0
    private static let lengthDelimitedType: UInt64 = 2

    /// A varint field (int64, uint64, bool); zero values are skipped as proto3 does.
    mutating func varint(_ field: Int, _ value: UInt64) {
        guard value != 0 else { return }
        appendVarint(UInt64(field) << 3 | Self.varintType)
        appendVarint(value)
    }

    /// An int64 field; negative values take ten bytes, as protobuf specifies.
    mutating func int64(_ field: Int, _ value: Int64) { varint(field, UInt64(bitPattern: value)) }

    mutating func bool(_ field: Int, _ value: Bool) { varint(field, value ? 1 : 0) }

    /// A packed repeated varint field.
    mutating func packed(_ field: Int, _ values: some Collection<UInt64>) {
        guard !values.isEmpty else { return }
        var body = ProtobufWriter()
        for value in values { body.appendVarint(value) }
        bytes(field, body.bytes)
    }

    /// A string field, written even when empty (pprof's string table starts with "").
    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    /// A nested message field.
    mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var body = ProtobufWriter()
        build(&body)
        bytes(field, body.bytes)
    }

    private mutating func bytes(_ field: Int, _ payload: [UInt8]) {
        appendVarint(UInt64(field) << 3 | Self.lengthDelimitedType)
        appendVarint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    private mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
