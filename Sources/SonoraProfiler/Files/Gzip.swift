import CZlib
import Foundation

/// gzip compression through the system zlib, for pprof files.
enum Gzip {
    /// Compresses `bytes` into a gzip member (RFC 1952).
    ///
    /// - Parameter bytes: The uncompressed data.
    /// - Returns: The gzip file's bytes.
    /// - Throws: ``ProfilerError`` `.systemCall` when zlib fails.
    /// - Complexity: O(n).
    static func compress(_ bytes: [UInt8]) throws -> Data {
        var stream = z_stream()
        // windowBits 15 + 16 asks zlib for a gzip header and trailer; level 6 is gzip's default.
        var status = deflateInit2_(
            &stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ProfilerError(.systemCall, "zlib deflateInit2 failed with status \(status)") }
        defer { deflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        var input = bytes
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                status = deflate(&stream, Z_FINISH)
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END else { throw ProfilerError(.systemCall, "zlib deflate failed with status \(status)") }
        return Data(output[..<produced])
    }
}
