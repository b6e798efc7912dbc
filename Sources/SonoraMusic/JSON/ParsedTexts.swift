/// Where a track's texts are in a `/v4/loadtracks` body while its object is read, and the numbers of its `info`;
/// ``makeBox(_:)`` then copies the texts into the track's one ``TrackBox``.
///
/// Each text is kept as its place in the body, already checked (ASCII, or valid UTF-8). One with escapes is decoded
/// when read too (so its errors surface where they did before, and its size is known), and again into the box.
struct ParsedTexts {
    /// Each slot's first byte in the body.
    var starts = SIMD8<Int>()
    /// Each slot's byte count in the body (escapes as written).
    var counts = SIMD8<Int>()
    /// Bit per slot: seen (and not `null`).
    var present: UInt8 = 0
    /// Bit per slot: plain ASCII.
    var ascii: UInt8 = 0
    /// Bit per slot: the text has escapes.
    var escaped: UInt8 = 0
    /// At least the bytes the box needs: every text read counts, a repeated or `null`ed key's earlier text too.
    var total = 0
    /// The `info` numbers (kept apart from a ``TrackBox/Header``, whose `String` would make this struct costly to copy).
    var length: Int64 = 0, position: Int64 = 0
    var isStream = false, isSeekable = false

    /// Forgets `slot` (its key was `null`).
    @inline(__always)
    mutating func clear(_ slot: Int) {
        present &= ~(1 &<< UInt8(slot))
    }

    /// Copies the texts into one new box with the numbers in its header.
    /// - Parameter scanner: The scanner of the body the offsets point into.
    /// - Complexity: O(*n*) in the texts' size; one allocation.
    func makeBox(_ scanner: JSONScanner) -> TrackBox {
        let body = scanner.bytes
        let box = TrackBox.make(capacity: total)
        box.withUnsafeMutablePointers { head, tail in
            var spans = Spans()
            var at = 0
            var slots = present
            while slots != 0 {
                let slot = slots.trailingZeroBitCount
                slots &= slots &- 1
                let count: Int
                if escaped & (1 &<< UInt8(slot)) != 0 {
                    // Decoded once already when read, so it cannot fail here.
                    count = (try? scanner.unescape(from: starts[slot], to: starts[slot] &+ counts[slot], into: tail + at)) ?? 0
                } else {
                    count = counts[slot]
                    let from = body.baseAddress.unsafelyUnwrapped + starts[slot]
                    if count <= 16 && starts[slot] &+ 16 <= body.count {
                        // A short text as two words (the box has 16 spare bytes past its texts).
                        let low = from.loadUnaligned(as: UInt64.self), high = from.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                        UnsafeMutableRawPointer(tail + at).storeBytes(of: low, as: UInt64.self)
                        UnsafeMutableRawPointer(tail + at).storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
                    } else {
                        UnsafeMutableRawPointer(tail + at).copyMemory(from: from, byteCount: count)
                    }
                }
                spans.set(slot, start: at, count: count)
                at &+= count
            }
            // Field by field: the header's identifier `String` stays the empty one it was made with.
            head.pointee.spans = spans
            head.pointee.size = UInt32(truncatingIfNeeded: at)
            head.pointee.length = length
            head.pointee.position = position
            head.pointee.present = present
            head.pointee.ascii = ascii
            head.pointee.isStream = isStream
            head.pointee.isSeekable = isSeekable
        }
        return box
    }
}

extension JSONScanner {
    /// Reads a string into `slot` of `texts` (usually right at the index, with no whitespace before it).
    /// - Throws: `invalidJSON` for a non-string, an unterminated string, a bad escape or invalid UTF-8.
    @inline(__always)
    mutating func readText(_ context: StaticString, into texts: inout ParsedTexts, _ slot: Int) throws(MusicError) {
        if !(index < size && bytes[index] == UInt8(ascii: "\"")) {
            guard peek() == UInt8(ascii: "\"") else { throw failure("", context, " should be a string") }
        }
        let start = index &+ 1
        let (end, shape) = try scanString()
        let bit = UInt8(1) &<< UInt8(slot)
        texts.present |= bit
        if shape.hasEscapes || shape.hasNonASCII {
            try readUnusualText(from: start, to: end, shape, into: &texts, slot)
            return
        }
        texts.ascii |= bit
        texts.escaped &= ~bit
        texts.starts[slot] = start
        texts.counts[slot] = end &- start
        texts.total &+= end &- start
    }

    /// ``readText(_:into:_:)`` for a text with escapes (decoded now) or non-ASCII bytes (checked now), out of line.
    @inline(never)
    mutating func readUnusualText(
        from start: Int, to end: Int, _ shape: StringShape, into texts: inout ParsedTexts, _ slot: Int
    ) throws(MusicError) {
        let bit = UInt8(1) &<< UInt8(slot)
        if shape.hasEscapes {
            let (count, ascii) = try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: end - start) {
                buffer throws(MusicError) -> (Int, Bool) in
                let count = try unescape(from: start, to: end, into: buffer.baseAddress.unsafelyUnwrapped)
                let text = UnsafeRawBufferPointer(start: buffer.baseAddress, count: count)
                guard UTF8Validation.isValid(text) else { throw failure("a string is not valid UTF-8", at: start) }
                return (count, text.allSatisfy { $0 < 0x80 })
            }
            texts.escaped |= bit
            if ascii { texts.ascii |= bit } else { texts.ascii &= ~bit }
            texts.starts[slot] = start
            texts.counts[slot] = end &- start
            texts.total &+= count
            return
        }
        guard UTF8Validation.isValid(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else {
            throw failure("a string is not valid UTF-8", at: start)
        }
        texts.ascii &= ~bit
        texts.escaped &= ~bit
        texts.starts[slot] = start
        texts.counts[slot] = end &- start
        texts.total &+= end &- start
    }
}
