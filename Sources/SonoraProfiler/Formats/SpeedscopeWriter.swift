import Foundation

/// Writes speedscope's file format (https://www.speedscope.app/file-format-schema.json).
///
/// One `sampled` profile per thread, in sample order; `shared.frames` holds one entry per function
/// (name, file or module, first line); stacks run root first; weights are nanoseconds of CPU time
/// (wall time in wall mode): sample weight × period.
enum SpeedscopeWriter {
    static let schemaURL = "https://www.speedscope.app/file-format-schema.json"

    struct File: Encodable {
        var schema = SpeedscopeWriter.schemaURL
        var shared: Shared
        var profiles: [SampledProfile]
        var name: String
        var activeProfileIndex = 0
        var exporter: String

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", shared, profiles, name, activeProfileIndex, exporter
        }
    }

    struct Shared: Encodable { var frames: [SharedFrame] }

    struct SharedFrame: Encodable {
        var name: String
        var file: String?
        var line: Int?
    }

    struct SampledProfile: Encodable {
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
        let sharedIndex: [Int] = profile.frames.map { frame in
            let key = FunctionKey(frame)
            if let index = frameIndex[key] {
                if let line = frame.line, line < (frames[index].line ?? .max) { frames[index].line = line }
                return index
            }
            frameIndex[key] = frames.count
            frames.append(SharedFrame(name: frame.function, file: frame.file ?? frame.module, line: frame.line))
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
        let file = File(
            shared: Shared(frames: frames), profiles: profiles,
            name: "\(meta.commandLine.first.map { ($0 as NSString).lastPathComponent } ?? "sonora") \(meta.mode) profile",
            exporter: "sonora")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every field is a string, an integer or an array of them; encoding cannot fail.
        return try! encoder.encode(file)
    }
}
