import Testing
@testable import SonoraProfiler

/// A lookup reads only the unit whose ranges hold its address; these tests check that this lazy
/// choice of unit gives what a search of every unit's line program gives.
@Suite struct DwarfUnitSelectionTests {
    /// For each address, the units whose line program has a sequence around it, found by indexing
    /// every unit's program: an oracle that does not use the units' address ranges.
    static func coveringUnits(of addresses: [UInt64], in table: DwarfLineTable) -> [UInt64: [Int]] {
        var covering: [UInt64: [Int]] = [:]
        for unit in 0..<table.unitCount {
            guard let sequences = table.sequenceRanges(ofUnit: unit) else { continue }
            for address in addresses where sequences.contains(where: { $0.lowerBound <= address && address < $0.upperBound }) {
                covering[address, default: []].append(unit)
            }
        }
        return covering
    }

    @Test func addressesInTwoUnitsGetTheLinesOfTheOnlyUnitWhoseProgramCoversThem() throws {
        let (path, image, addresses) = try DwarfLineTableTests.executableAddresses(limit: 400)
        let probe = try #require(DwarfLineTable(path: path, image: image))
        // Candidates from the middle of the executable, so the pair is not in its first units.
        let candidates = Array(addresses[(addresses.count / 2)...].prefix(60))
        let covering = Self.coveringUnits(of: candidates, in: probe)
        var pair: [(address: UInt64, unit: Int, file: String)] = []
        for address in candidates {
            guard let units = covering[address], units.count == 1, let found = probe.wholeDecodeLookup(address, unit: units[0]),
                found.line != nil, pair.allSatisfy({ $0.unit != units[0] && $0.file != found.file })
            else { continue }
            pair.append((address, units[0], found.file))
            if pair.count == 2 { break }
        }
        try #require(pair.count == 2, "two of \(candidates.count) addresses lie in different units with lines")

        // A fresh table, asked only these two addresses, reads exactly their two units and gives
        // each the covering unit's whole decode.
        let lazy = try #require(DwarfLineTable(path: path, image: image))
        for entry in pair {
            let answer = lazy.lookup(entry.address)
            let whole = probe.wholeDecodeLookup(entry.address, unit: entry.unit)
            let hex = "0x" + String(entry.address, radix: 16)
            #expect(lazy.unit(containing: entry.address) == entry.unit, "\(hex): the lazy choice is the unit whose program covers it")
            #expect(answer?.file == whole?.file && answer?.line == whole?.line, "\(hex): \(String(describing: answer)) vs \(String(describing: whole))")
            #expect(answer?.line != nil)
        }
        #expect(lazy.decodedUnits == 2, "only the units holding the two addresses are read")
    }
}
