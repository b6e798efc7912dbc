import Testing
@testable import SonoraProfiler

/// A lookup reads only the unit whose ranges hold its address; these tests check that this lazy
/// choice of unit gives what a search of every unit's line program gives.
@Suite struct DwarfUnitSelectionTests {
    /// Two addresses of the test binary, in different units and different files, that have a line.
    static func twoAddressesInDifferentUnits(_ table: DwarfLineTable, _ addresses: [UInt64]) -> (UInt64, UInt64)? {
        var first: (address: UInt64, unit: Int, file: String)?
        for address in addresses {
            guard let unit = table.unit(containing: address), let found = table.wholeDecodeLookup(address, unit: unit),
                found.line != nil
            else { continue }
            guard let chosen = first else {
                first = (address, unit, found.file)
                continue
            }
            if unit != chosen.unit && found.file != chosen.file { return (chosen.address, address) }
        }
        return nil
    }

    @Test func addressesInTwoUnitsGetTheLinesOfTheOnlyUnitWhoseProgramCoversThem() throws {
        let (path, image, addresses) = try DwarfLineTableTests.executableAddresses(limit: 400)
        let probe = try #require(DwarfLineTable(path: path, image: image))
        // Take the pair from the middle of the list so it is not the first units of the file.
        let (first, second) = try #require(Self.twoAddressesInDifferentUnits(probe, Array(addresses.dropFirst(addresses.count / 2))))

        // A fresh table, asked only these two addresses, reads exactly two units.
        let lazy = try #require(DwarfLineTable(path: path, image: image))
        let answers = [lazy.lookup(first), lazy.lookup(second)]
        #expect(lazy.decodedUnits == 2, "only the units holding the two addresses are read")
        #expect(answers[0]?.file != answers[1]?.file)

        // Oracle without the unit ranges: index every unit's line program and keep the units with a
        // sequence around the address; exactly one must, and its whole decode must agree.
        var covering: [UInt64: [Int]] = [first: [], second: []]
        for unit in 0..<probe.unitCount {
            guard let sequences = probe.sequenceRanges(ofUnit: unit) else { continue }
            for address in [first, second] where sequences.contains(where: { $0.lowerBound <= address && address < $0.upperBound }) {
                covering[address, default: []].append(unit)
            }
        }
        for (address, answer) in zip([first, second], answers) {
            let units = covering[address] ?? []
            #expect(units.count == 1, "one unit's program covers 0x\(String(address, radix: 16)): \(units)")
            #expect(units.first == lazy.unit(containing: address), "the lazy choice is that unit")
            let whole = units.first.flatMap { probe.wholeDecodeLookup(address, unit: $0) }
            #expect(whole?.file == answer?.file && whole?.line == answer?.line, "\(String(describing: whole)) vs \(String(describing: answer))")
            #expect(answer?.line != nil)
        }
    }
}
