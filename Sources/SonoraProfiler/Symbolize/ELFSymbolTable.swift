/// The function symbols of one ELF file (`.symtab` and `.dynsym` merged), sorted by address.
///
/// Names stay in the mapped file's string tables until a lookup asks for one.
struct ELFSymbolTable: Sendable {
    /// One function symbol.
    struct Entry: Sendable {
        /// Link-time virtual address (`st_value`).
        var address: UInt64
        /// `st_size`; 0 when the object does not record one.
        var size: UInt64
        /// Offset of the NUL-terminated name in the file, or `-1 - i` for ``syntheticNames``[i].
        var nameOffset: Int
        /// Preference among symbols at one address; lower wins.
        var rank: UInt32 = 0
    }

    /// A resolved symbol.
    struct Match: Equatable {
        var name: String
        var address: UInt64
        var size: UInt64
        /// Index in ``entries``, which identifies the function for caching.
        var index: Int
    }

    let file: MappedFile
    let entries: [Entry]
    /// `entries[i].address`, kept apart so a lookup's binary search touches 8 bytes a step, not 32.
    let addresses: [UInt64]
    /// `addresses[i * blockSize]` for each block: a first search over this small array (15 KB for
    /// the 119,000 functions of a release `sonora`) stays in cache, and the second touches only
    /// one block of `addresses`, instead of a dozen cold cache lines over all of it.
    let blockStarts: [UInt64]
    /// Addresses per block of ``blockStarts``.
    static let blockSize = 64
    /// Names of entries the table made up rather than read: `[plt]` for PLT stubs.
    let syntheticNames: [String]

    /// The name given to addresses in `.plt`, `.plt.sec` and `.plt.got`: calls through the PLT
    /// to another object's function.
    static let pltName = "[plt]"

    /// Reads the `STT_FUNC` and `STT_GNU_IFUNC` symbols of `.symtab`, or of `.dynsym` when the file
    /// has no `.symtab` (the dynamic table is a subset of the full one).
    ///
    /// At one address, a symbol with a size wins over one without, then a global over a local one.
    /// - Parameters:
    ///   - image: The parsed file.
    ///   - sectionTypes: Which tables to read: `SHT_SYMTAB` (2) and `SHT_DYNSYM` (11) by default.
    /// - Throws: ``ProfilerError`` `.malformedObjectFile` when a table or its strings lie outside the file.
    /// - Complexity: O(n log n) in the number of symbols.
    init(image: ELFImage, sectionTypes: [UInt32] = [2, 11]) throws {
        file = image.file
        var entries: [Entry] = []
        // SHT_SYMTAB = 2, SHT_DYNSYM = 11.
        let hasFullTable = sectionTypes.contains(2) && image.sections.contains { $0.type == 2 && $0.size > 0 }
        // Where each section lies, without copying its name for every unsized symbol.
        let sectionBounds = image.sections.map { (address: $0.address, size: $0.size) }
        for type in sectionTypes where !(type == 11 && hasFullTable) {
            for table in image.sections where table.type == type {
                guard Int(table.link) < image.sections.count else {
                    throw ProfilerError(.malformedObjectFile, "\(image.path): \(table.name) links to missing section \(table.link)")
                }
                let strings = image.sections[Int(table.link)]
                let stringsOffset = try ELFImage.offset(strings.offset, "sh_offset of \(table.name)'s strings", in: image.file)
                let stringsSize = try ELFImage.offset(strings.size, "sh_size of \(table.name)'s strings", in: image.file)
                guard image.file.contains(offset: stringsOffset, count: stringsSize) else {
                    throw ProfilerError(.malformedObjectFile, "\(image.path): string table of \(table.name) passes the end of the file")
                }
                // An Elf64_Sym is 24 bytes; a smaller entry would make the reads below overlap the next.
                let entrySize = table.entrySize == 0 ? 24 : try ELFImage.offset(table.entrySize, "sh_entsize of \(table.name)", in: image.file)
                guard entrySize >= 24 else {
                    throw ProfilerError(.malformedObjectFile, "\(image.path): \(table.name) entry size \(entrySize) is below 24")
                }
                let count = try ELFImage.offset(table.size, "sh_size of \(table.name)", in: image.file) / entrySize
                let tableOffset = try ELFImage.offset(table.offset, "sh_offset of \(table.name)", in: image.file)
                try image.file.withBytes(offset: tableOffset, count: count * entrySize) { bytes in
                    entries.reserveCapacity(entries.count + count)
                    for index in 0..<count {
                        let base = index * entrySize
                        let info = bytes[base + 4]
                        let kind = info & 0xF
                        guard kind == 2 || kind == 10 else { continue }  // STT_FUNC, STT_GNU_IFUNC
                        let sectionIndex = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 6, as: UInt16.self))
                        guard sectionIndex != 0 else { continue }  // SHN_UNDEF: imported, not defined here
                        let value = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self))
                        guard value != 0 else { continue }
                        let nameIndex = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: base, as: UInt32.self))
                        let size = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 16, as: UInt64.self))
                        let isLocal = info >> 4 == 0  // STB_LOCAL
                        let rank = (size == 0 ? 2 : 0) | (isLocal ? 1 : 0) as UInt32
                        // An unsized symbol reaches at most to the end of its section.
                        var bounded = size
                        if size == 0, Int(sectionIndex) < sectionBounds.count {
                            let section = sectionBounds[Int(sectionIndex)]
                            let (end, overflow) = section.address.addingReportingOverflow(section.size)
                            if !overflow && section.address <= value && value < end {
                                bounded = end - value
                            }
                        }
                        entries.append(
                            Entry(address: value, size: bounded, nameOffset: stringsOffset + Int(nameIndex), rank: rank))
                    }
                }
            }
        }
        // By address; at one address a sized symbol first, then a global one, then table order.
        // PLT stubs have no symbols; name them so their samples do not land on `_init`.
        for section in image.sections where [".plt", ".plt.sec", ".plt.got"].contains(section.name) && section.size > 0 {
            entries.append(Entry(address: section.address, size: section.size, nameOffset: -1, rank: 3))
        }
        syntheticNames = [Self.pltName]
        let (sorted, addresses) = Self.sortedUnique(entries)
        self.entries = sorted
        self.addresses = addresses
        blockStarts = Swift.stride(from: 0, to: addresses.count, by: Self.blockSize).map { addresses[$0] }
    }

    /// `entries` sorted by address then rank (``sortByAddressThenRank(_:)``), keeping the first
    /// entry at each address, and their addresses: gathered in one pass over the sorted keys.
    ///
    /// The results are written in place, without a capacity check per element, and duplicates are
    /// found from the keys, without reading their entries.
    /// - Complexity: O(n) for the packed radix sort, O(n log n) otherwise.
    static func sortedUnique(_ entries: [Entry]) -> (entries: [Entry], addresses: [UInt64]) {
        guard let keys = packedSortKeys(entries) else {
            var unique: [Entry] = []
            var addresses: [UInt64] = []
            var sorted = entries
            sortByAddressThenRank(&sorted)
            for entry in sorted where addresses.last != entry.address {
                unique.append(entry)
                addresses.append(entry.address)
            }
            return (unique, addresses)
        }
        var unique: [Entry] = []
        let addresses = [UInt64](unsafeUninitializedCapacity: keys.count) { addresses, addressCount in
            unique = [Entry](unsafeUninitializedCapacity: keys.count) { unique, uniqueCount in
                var kept = 0
                entries.withUnsafeBufferPointer { entries in
                    keys.withUnsafeBufferPointer { keys in
                        var previous = UInt64.max  // (address - lowest) of the last entry kept; keys hold 40 bits of it
                        for position in keys.indices {
                            let key = keys[position]
                            guard key >> 24 != previous else { continue }
                            previous = key >> 24
                            let entry = entries[Int(key & 0x3F_FFFF)]
                            unique.initializeElement(at: kept, to: entry)
                            addresses.initializeElement(at: kept, to: entry.address)
                            kept += 1
                        }
                    }
                }
                uniqueCount = kept
            }
            addressCount = unique.count
        }
        return (unique, addresses)
    }

    /// The function containing the link-time address `address`.
    ///
    /// The candidate is the nearest symbol at or below `address`. A candidate with a size must
    /// cover `address`; one without a size (hand-written assembly, some runtimes) is taken as is.
    /// - Returns: `nil` when no symbol covers `address`.
    /// - Complexity: O(log n).
    func lookup(_ address: UInt64) -> Match? {
        guard let index = index(containing: address) else { return nil }
        let entry = entries[index]
        guard let name = name(at: index), !name.isEmpty else { return nil }
        return Match(name: name, address: entry.address, size: entry.size, index: index)
    }

    /// Sorts by address, then rank, keeping table order among equals.
    ///
    /// When addresses span less than 40 bits and there are fewer than 2^22 entries (every shared
    /// library and executable seen so far), it radix-sorts packed
    /// `(address - lowest) << 24 | rank << 22 | index` keys (``radixSort(_:fromBit:)``), only over
    /// the bits that vary: several times faster than a comparison sort of the 32-byte entries.
    /// - Complexity: O(n) passes of at most 6 over the keys; O(n log n) otherwise.
    static func sortByAddressThenRank(_ entries: inout [Entry]) {
        guard let keys = packedSortKeys(entries) else {
            entries.sort { $0.address != $1.address ? $0.address < $1.address : $0.rank < $1.rank }
            return
        }
        entries = entries.withUnsafeBufferPointer { entries in keys.map { entries[Int($0 & 0x3F_FFFF)] } }
    }

    /// The packed `(address - lowest) << 24 | rank << 22 | index` keys of `entries`, radix-sorted;
    /// `nil` when they do not fit (see ``sortByAddressThenRank(_:)``).
    private static func packedSortKeys(_ entries: [Entry]) -> [UInt64]? {
        entries.withUnsafeBufferPointer { entries -> [UInt64]? in
            guard entries.count < 1 << 22 else { return nil }
            var lowest = UInt64.max
            var highest: UInt64 = 0
            for entry in entries {
                guard entry.rank < 4 else { return nil }
                lowest = min(lowest, entry.address)
                highest = max(highest, entry.address)
            }
            guard !entries.isEmpty, highest - lowest < 1 << 40 else { return entries.isEmpty ? [] : nil }
            var keys = [UInt64](unsafeUninitializedCapacity: entries.count) { keys, count in
                for index in entries.indices {
                    keys[index] = (entries[index].address - lowest) << 24 | UInt64(entries[index].rank) << 22 | UInt64(index)
                }
                count = entries.count
            }
            radixSort(&keys, fromBit: 22)
            return keys
        }
    }

    /// Sorts `keys` by their bits from `fromBit` up, stably (least significant digit first), so
    /// keys equal in those bits keep their order.
    ///
    /// One read pass counts the digits of every pass; each pass then only scatters. The bits that
    /// vary are split evenly into as few passes as digits of at most 11 bits allow (8 bits below
    /// 2,048 keys, whose histograms would cost more than the keys): the 26 bits of a 16 MB
    /// executable's addresses and ranks take 3 passes of 9 bits, whose 512 buckets scatter into
    /// fewer cache lines at once than 2,048 (measured: 13-bit digits in 2 passes were slower). A
    /// pass whose digit is the same in every key is skipped.
    /// - Complexity: O(n × passes + passes × 2^digit bits), with at most 6 passes.
    static func radixSort(_ keys: inout [UInt64], fromBit: Int) {
        guard keys.count > 1, let largest = keys.max() else { return }
        let bits = 64 - (largest >> UInt64(fromBit)).leadingZeroBitCount
        guard bits > 0 else { return }
        let widest = keys.count >= 1 << 11 ? 11 : 8
        let passes = (bits + widest - 1) / widest
        let digitBits = (bits + passes - 1) / passes
        let radix = 1 << digitBits
        let mask = UInt64(radix - 1)
        var counts = [Int](repeating: 0, count: passes * radix)
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                for key in keys {
                    var digits = key >> UInt64(fromBit)
                    for pass in 0..<passes {
                        counts[pass &* radix &+ Int(digits & mask)] &+= 1
                        digits >>= UInt64(digitBits)
                    }
                }
            }
        }
        var other = [UInt64](repeating: 0, count: keys.count)
        for pass in 0..<passes {
            let shift = UInt64(fromBit + pass * digitBits)
            let sorted = counts.withUnsafeMutableBufferPointer { counts -> Bool in
                let histogram = UnsafeMutableBufferPointer(rebasing: counts[pass * radix..<(pass + 1) * radix])
                var start = 0
                for digit in histogram.indices {
                    let count = histogram[digit]
                    if count == keys.count { return true }  // one digit everywhere: already in order
                    histogram[digit] = start
                    start += count
                }
                keys.withUnsafeBufferPointer { source in
                    other.withUnsafeMutableBufferPointer { target in
                        for key in source {
                            let digit = Int((key >> shift) & mask)
                            target[histogram[digit]] = key
                            histogram[digit] &+= 1
                        }
                    }
                }
                return false
            }
            if !sorted { swap(&keys, &other) }
        }
    }

    /// The name of the entry at `index`, read from the string table.
    func name(at index: Int) -> String? {
        let offset = entries[index].nameOffset
        if offset < 0 { return syntheticNames.indices.contains(-1 - offset) ? syntheticNames[-1 - offset] : nil }
        return file.cString(at: offset, limit: file.count)
    }

    /// The index of the entry covering `address`; see ``lookup(_:)``.
    /// - Complexity: O(log n), over the compact ``addresses``.
    func index(containing address: UInt64) -> Int? {
        let low = upperBound(of: address)
        guard low > 0 else { return nil }
        let entry = entries[low - 1]
        if entry.size > 0 && address - entry.address >= entry.size { return nil }
        return low - 1
    }

    /// The index of the first address above `address` (``Swift/Array/upperBound(of:by:)`` over
    /// ``addresses``), found block first.
    /// - Complexity: O(log n).
    func upperBound(of address: UInt64) -> Int {
        let block = blockStarts.upperBound(of: address) { $0 }
        guard block > 0 else { return 0 }
        let first = (block - 1) * Self.blockSize
        return addresses.withUnsafeBufferPointer { addresses in
            var low = first
            var high = min(first + Self.blockSize, addresses.count)
            while low < high {
                let middle = (low + high) / 2
                if addresses[middle] <= address { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    /// The index of the entry covering `address` in `entries`, sorted by address; see ``lookup(_:)``.
    /// - Complexity: O(log n).
    static func index(containing address: UInt64, in entries: [Entry]) -> Int? {
        let low = entries.upperBound(of: address) { $0.address }
        guard low > 0 else { return nil }
        let entry = entries[low - 1]
        if entry.size > 0 && address - entry.address >= entry.size { return nil }
        return low - 1
    }
}
