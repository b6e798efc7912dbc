import Foundation

/// Writes speedscope's file format (https://www.speedscope.app/file-format-schema.json).
///
/// One `sampled` profile per thread, in sample order; `shared.frames` holds one entry per function
/// (name, file or module, first line); stacks run root first; weights are nanoseconds of CPU time
/// (wall time in wall mode): sample weight × period.
enum SpeedscopeWriter {
    static let schemaURL = "https://www.speedscope.app/file-format-schema.json"

    struct SharedFrame {
        var name: String
        var file: String?
        var line: Int?
    }

    struct SampledProfile {
        var type = "sampled"
        var name: String
        var unit = "nanoseconds"
        var startValue = 0
        var endValue: Int
        /// Frame indices, root first.
        var samples: [[Int]]
        var weights: [Int]
    }

    /// - Complexity: O(total frames over all samples).
    static func encode(_ profile: Profile) -> Data {
        var frameIndex: [FunctionKey: Int] = [:]
        var frames: [SharedFrame] = []
        let sharedIndex: [Int] = zip(profile.frames, FunctionKey.keys(for: profile.frames)).map { frame, key in
            if let index = frameIndex[key] {
                if let line = frame.line, line < (frames[index].line ?? .max) { frames[index].line = line }
                return index
            }
            frameIndex[key] = frames.count
            frames.append(SharedFrame(name: frame.function, file: key.file ?? frame.module, line: frame.line))
            return frames.count - 1
        }

        let periodNanos = Int((1e9 / Double(max(profile.metadata.frequency, 1))).rounded())
        var byThread: [Int32: (samples: [[Int]], weights: [Int])] = [:]
        for sample in profile.samples {
            byThread[sample.threadID, default: ([], [])].samples.append(sample.stack.reversed().map { sharedIndex[$0] })
            byThread[sample.threadID]!.weights.append(sample.weight * periodNanos)
        }
        let profiles = profile.orderedThreadIDs.compactMap { id -> SampledProfile? in
            guard let thread = byThread[id] else { return nil }
            return SampledProfile(
                name: profile.threadLabel(id), endValue: thread.weights.reduce(0, +),
                samples: thread.samples, weights: thread.weights)
        }
        let meta = profile.metadata
        let name = "\(meta.commandLine.first.map { ($0 as NSString).lastPathComponent } ?? "sonora") \(meta.mode) profile"
        // Written by hand in JSONEncoder's sorted-key layout: the stacks are most of the file, and
        // JSONEncoder took over a second for 100k samples.
        var text = JSONText()
        text.raw("{\"$schema\":")
        text.string(schemaURL)
        text.raw(",\"activeProfileIndex\":0,\"exporter\":\"sonora\",\"name\":")
        text.string(name)
        text.raw(",\"profiles\":[")
        for (index, sampled) in profiles.enumerated() {
            if index > 0 { text.raw(",") }
            text.raw("{\"endValue\":")
            text.int(sampled.endValue)
            text.raw(",\"name\":")
            text.string(sampled.name)
            text.raw(",\"samples\":[")
            for (stackIndex, stack) in sampled.samples.enumerated() {
                if stackIndex > 0 { text.raw(",") }
                text.intArray(stack)
            }
            text.raw("],\"startValue\":0,\"type\":\"sampled\",\"unit\":\"nanoseconds\",\"weights\":")
            text.intArray(sampled.weights)
            text.raw("}")
        }
        text.raw("],\"shared\":{\"frames\":[")
        for (index, frame) in frames.enumerated() {
            if index > 0 { text.raw(",") }
            text.raw("{")
            text.fieldIfPresent("\"file\":", frame.file) { $0.string($1) }
            text.fieldIfPresent("\"line\":", frame.line) { $0.int($1) }
            text.raw("\"name\":")
            text.string(frame.name)
            text.raw("}")
        }
        text.raw("]}}")
        return Data(text.bytes)
    }
}
