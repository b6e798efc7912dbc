import Foundation

/// Encodes a profile as pprof's `profile.proto` (uncompressed; ``Gzip`` wraps it).
///
/// Field numbers are the public schema's (github.com/google/pprof/proto/profile.proto); the test
/// target carries a `.proto` written from them. One Location per frame (address), each with its
/// Mapping and one Line; Function `name` is demangled and `system_name` mangled. Samples with the
/// same stack, thread and CPU state are merged.
enum PprofEncoder {
    private enum ProfileField {
        static let sampleType = 1, sample = 2, mapping = 3, location = 4, function = 5, stringTable = 6
        static let timeNanos = 9, durationNanos = 10, periodType = 11, period = 12, comment = 13, defaultSampleType = 14
    }
    private enum ValueTypeField { static let type = 1, unit = 2 }
    private enum SampleField { static let locationID = 1, value = 2, label = 3 }
    private enum LabelField { static let key = 1, str = 2, num = 3, numUnit = 4 }
    private enum MappingField {
        static let id = 1, memoryStart = 2, memoryLimit = 3, fileOffset = 4, filename = 5, buildID = 6
        static let hasFunctions = 7, hasFilenames = 8, hasLineNumbers = 9, hasInlineFrames = 10
    }
    private enum LocationField { static let id = 1, mappingID = 2, address = 3, line = 4 }
    private enum LineField { static let functionID = 1, line = 2 }
    private enum FunctionField { static let id = 1, name = 2, systemName = 3, filename = 4, startLine = 5 }

    /// Interns strings; index 0 is "".
    private struct StringTable {
        var strings: [String] = [""]
        var indices: [String: Int] = ["": 0]

        mutating func callAsFunction(_ string: String) -> UInt64 {
            if let index = indices[string] { return UInt64(index) }
            indices[string] = strings.count
            strings.append(string)
            return UInt64(strings.count - 1)
        }
    }

    private struct FunctionID: Hashable {
        var name: String
        var systemName: String
        var file: String?
    }

    private struct SampleKey: Hashable {
        var stack: [Int]
        var thread: Int32
        var onCPU: Bool?
    }

    /// - Complexity: O(total frames over all samples).
    static func encode(_ profile: Profile) -> [UInt8] {
        var strings = StringTable()
        var out = ProtobufWriter()
        let periodNanos = Int64((1e9 / Double(max(profile.metadata.frequency, 1))).rounded())
        let timeUnit = profile.metadata.mode == .wall ? "wall" : "cpu"

        for (type, unit) in [("samples", "count"), (timeUnit, "nanoseconds")] {
            out.message(ProfileField.sampleType) {
                $0.varint(ValueTypeField.type, strings(type))
                $0.varint(ValueTypeField.unit, strings(unit))
            }
        }

        // Samples, merged by stack, thread and CPU state, in first-seen order.
        var merged: [SampleKey: Int] = [:]
        var order: [SampleKey] = []
        for sample in profile.samples {
            let key = SampleKey(stack: sample.stack, thread: sample.threadID, onCPU: sample.onCPU)
            if merged[key] == nil { order.append(key) }
            merged[key, default: 0] += sample.weight
        }
        var threadLabels: [Int32: UInt64] = [:]
        for id in profile.orderedThreadIDs { threadLabels[id] = strings(profile.threadLabel(id)) }
        let threadKey = strings("thread"), threadIDKey = strings("thread_id"), stateKey = strings("state")
        let onCPU = strings("on-cpu"), offCPU = strings("off-cpu")
        for key in order {
            let weight = merged[key]!
            out.message(ProfileField.sample) { sample in
                sample.packed(SampleField.locationID, key.stack.lazy.map { UInt64($0 + 1) })
                sample.packed(SampleField.value, [UInt64(weight), UInt64(Int64(weight) * periodNanos)])
                sample.message(SampleField.label) {
                    $0.varint(LabelField.key, threadKey)
                    $0.varint(LabelField.str, threadLabels[key.thread]!)
                }
                sample.message(SampleField.label) {
                    $0.varint(LabelField.key, threadIDKey)
                    $0.int64(LabelField.num, Int64(key.thread))
                }
                if let state = key.onCPU {
                    sample.message(SampleField.label) {
                        $0.varint(LabelField.key, stateKey)
                        $0.varint(LabelField.str, state ? onCPU : offCPU)
                    }
                }
            }
        }

        let hasLines = profile.frames.contains { $0.line != nil }
        let hasFiles = profile.frames.contains { $0.file != nil }
        for (index, mapping) in profile.mappings.enumerated() {
            out.message(ProfileField.mapping) {
                $0.varint(MappingField.id, UInt64(index + 1))
                $0.varint(MappingField.memoryStart, mapping.start)
                $0.varint(MappingField.memoryLimit, mapping.limit)
                $0.varint(MappingField.fileOffset, mapping.fileOffset)
                $0.varint(MappingField.filename, strings(mapping.path))
                $0.varint(MappingField.buildID, strings(mapping.buildID ?? ""))
                $0.bool(MappingField.hasFunctions, true)
                $0.bool(MappingField.hasFilenames, hasFiles)
                $0.bool(MappingField.hasLineNumbers, hasLines)
                $0.bool(MappingField.hasInlineFrames, false)
            }
        }

        var functionIDs: [FunctionID: UInt64] = [:]
        var functions: [(id: UInt64, function: FunctionID, startLine: Int?)] = []
        for (index, frame) in profile.frames.enumerated() {
            let function = FunctionID(name: frame.function, systemName: frame.mangledName, file: frame.file)
            let functionID: UInt64
            if let id = functionIDs[function] {
                functionID = id
                if let line = frame.line, let current = functions[Int(id) - 1].startLine, line < current {
                    functions[Int(id) - 1].startLine = line
                }
            } else {
                functionID = UInt64(functions.count + 1)
                functionIDs[function] = functionID
                functions.append((functionID, function, frame.line))
            }
            out.message(ProfileField.location) { location in
                location.varint(LocationField.id, UInt64(index + 1))
                location.varint(LocationField.mappingID, frame.mappingIndex.map { UInt64($0 + 1) } ?? 0)
                location.varint(LocationField.address, frame.address)
                location.message(LocationField.line) {
                    $0.varint(LineField.functionID, functionID)
                    $0.int64(LineField.line, Int64(frame.line ?? 0))
                }
            }
        }
        for entry in functions {
            out.message(ProfileField.function) {
                $0.varint(FunctionField.id, entry.id)
                $0.varint(FunctionField.name, strings(entry.function.name))
                $0.varint(FunctionField.systemName, strings(entry.function.systemName))
                $0.varint(FunctionField.filename, strings(entry.function.file ?? ""))
                $0.int64(FunctionField.startLine, Int64(entry.startLine ?? 0))
            }
        }

        // Whole seconds and the fraction apart: a Double holds 1e18-scale nanoseconds only to ~256 ns.
        let start = profile.metadata.startTime.timeIntervalSince1970
        let startNanos = Int64(start.rounded(.down)) * 1_000_000_000 + Int64(((start - start.rounded(.down)) * 1e9).rounded())
        out.int64(ProfileField.timeNanos, startNanos)
        out.int64(ProfileField.durationNanos, Int64((profile.metadata.duration * 1e9).rounded()))
        out.message(ProfileField.periodType) {
            $0.varint(ValueTypeField.type, strings(timeUnit))
            $0.varint(ValueTypeField.unit, strings("nanoseconds"))
        }
        out.int64(ProfileField.period, periodNanos)
        let meta = profile.metadata
        for comment in [
            "sonora \(meta.mode) profile at \(meta.frequency) Hz, pid \(meta.pid) on \(meta.host)",
            "command: \(meta.commandLine.joined(separator: " "))",
            "swift \(meta.swiftVersion), \(meta.buildConfiguration) build",
        ] {
            out.int64(ProfileField.comment, Int64(strings(comment)))
        }
        out.int64(ProfileField.defaultSampleType, Int64(strings(timeUnit)))

        // The string table goes last: every string above is interned by now.
        for string in strings.strings { out.string(ProfileField.stringTable, string) }
        return out.bytes
    }
}
