import Foundation

/// Writes values in Python's `marshal` format (version 4 compatible, no back-references).
///
/// Only the types a pstats dict needs: dicts, tuples, ints, floats and strings.
struct MarshalWriter {
    private(set) var bytes: [UInt8] = []

    /// `{`: a dict; write key/value pairs, then ``endDict()``.
    mutating func beginDict() { bytes.append(UInt8(ascii: "{")) }
    /// `0`: the NULL that ends a dict.
    mutating func endDict() { bytes.append(UInt8(ascii: "0")) }

    /// `)` small tuple (under 256 items) or `(` tuple; then write `count` values.
    mutating func beginTuple(count: Int) {
        if count < 256 {
            bytes.append(UInt8(ascii: ")"))
            bytes.append(UInt8(count))
        } else {
            bytes.append(UInt8(ascii: "("))
            appendInt32(Int32(count))
        }
    }

    /// `i`: a 32-bit int, clamped to Int32's range (pstats counts and line numbers fit).
    mutating func int(_ value: Int) {
        bytes.append(UInt8(ascii: "i"))
        appendInt32(Int32(clamping: value))
    }

    /// `g`: a binary IEEE 754 double, little-endian.
    mutating func float(_ value: Double) {
        bytes.append(UInt8(ascii: "g"))
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// `z` short ASCII string, or `u` UTF-8 string.
    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        if utf8.count < 256, utf8.allSatisfy({ $0 < 0x80 }) {
            bytes.append(UInt8(ascii: "z"))
            bytes.append(UInt8(utf8.count))
        } else {
            bytes.append(UInt8(ascii: "u"))
            appendInt32(Int32(clamping: utf8.count))
        }
        bytes.append(contentsOf: utf8)
    }

    private mutating func appendInt32(_ value: Int32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
