/// Reads the `samples` array of a native profile quickly, for files in the layout Sonora writes.
///
/// `JSONDecoder` takes seconds for 100k samples; this reads the same array in a fraction of
/// that. It understands only the sample objects Sonora writes (keys `onCPU`, `stack`, `thread`,
/// `truncated`, `walker`, `weight`; whitespace allowed) and returns `nil` on anything else, so the
/// caller falls back to `JSONDecoder`, which reports errors properly.
struct NativeSampleReader {
    private let bytes: [UInt8]
    private var index: Int

    /// Finds the top-level `"samples":[` and reads the array.
    ///
    /// - Returns: The samples and the byte range of the array (`[` through `]`), or `nil`.
    static func read(_ bytes: [UInt8]) -> (samples: [Sample], range: Range<Int>)? {
        let key = Array(#""samples":["#.utf8)
        guard let start = firstIndex(of: key, in: bytes) else { return nil }
        var reader = NativeSampleReader(bytes: bytes, index: start + key.count - 1)
        guard let samples = reader.readArray() else { return nil }
        return (samples, (start + key.count - 1) ..< reader.index)
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var position = 0
        while position <= haystack.count - needle.count {
            if haystack[position] == needle[0], Array(haystack[position ..< position + needle.count]) == needle {
                return position
            }
            position += 1
        }
        return nil
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func readInt() -> Int? {
        skipSpace()
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var value = 0
        let start = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(Int(bytes[index] - 0x30))
            if overflow1 || overflow2 { return nil }
            value = sum
            index += 1
        }
        guard index > start else { return nil }
        return negative ? -value : value
    }

    private mutating func readBool() -> Bool? {
        skipSpace()
        if bytes[index...].starts(with: "true".utf8) { index += 4; return true }
        if bytes[index...].starts(with: "false".utf8) { index += 5; return false }
        return nil
    }

    /// A string without escapes (sample keys and walker names never have any).
    private mutating func readPlainString() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let text = String(decoding: bytes[start ..< index], as: UTF8.self)
        index += 1
        return text
    }

    private mutating func readArray() -> [Sample]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var samples: [Sample] = []
        if consume(UInt8(ascii: "]")) { return samples }
        repeat {
            guard let sample = readSample() else { return nil }
            samples.append(sample)
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { return nil }
        return samples
    }

    private mutating func readSample() -> Sample? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var stack: [Int]?, thread: Int?, weight = 1, onCPU: Bool?, truncated = false, walker = StackWalker.libunwindRemote
        repeat {
            guard let key = readPlainString(), consume(UInt8(ascii: ":")) else { return nil }
            switch key {
            case "stack":
                guard consume(UInt8(ascii: "[")) else { return nil }
                var frames: [Int] = []
                if !consume(UInt8(ascii: "]")) {
                    repeat {
                        guard let frame = readInt() else { return nil }
                        frames.append(frame)
                    } while consume(UInt8(ascii: ","))
                    guard consume(UInt8(ascii: "]")) else { return nil }
                }
                stack = frames
            case "thread": thread = readInt()
            case "weight": guard let value = readInt() else { return nil }; weight = value
            case "onCPU": guard let value = readBool() else { return nil }; onCPU = value
            case "truncated": guard let value = readBool() else { return nil }; truncated = value
            case "walker": guard let value = readPlainString() else { return nil }; walker = StackWalker(rawValue: value)
            default: return nil
            }
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")), let stack, let thread, let threadID = Int32(exactly: thread) else { return nil }
        return Sample(stack: stack, weight: weight, threadID: threadID, onCPU: onCPU, truncated: truncated, walker: walker)
    }
}
