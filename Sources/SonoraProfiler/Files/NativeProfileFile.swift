import Foundation

/// The `.sonoraprofile` file: a JSON envelope with a `schemaVersion` around the profile.
///
/// Samples are stored as frame-index stacks with only the fields that differ from their defaults
/// (weight 1, not truncated, libunwind walker), so 100k samples stay compact; the frames table
/// holds each symbolized address once.
struct NativeProfileFile: Codable {
    /// The version this build writes and the newest it reads.
    static let currentSchemaVersion = 1
    static let formatName = "sonoraprofile"
    /// Start times are stored as ISO 8601 in UTC, to the millisecond.
    static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `date` in ISO 8601, rounded to the nearest millisecond.
    ///
    /// The formatter truncates, and a date read back from `.250` is a hair under it as a `Double`,
    /// so formatting alone lost a millisecond on every save and load.
    static func formatted(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        let fraction = Int(milliseconds - seconds * 1000)
        let whole = Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle())
        let digits = String(fraction)
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    var schemaVersion: Int
    var format: String
    var metadata: ProfileMetadata
    var threads: [ProfiledThread]
    var mappings: [Mapping]
    var frames: [Frame]
    var samples: [StoredSample]
    var health: SamplerHealth
    var memory: MemoryUsage

    /// One sample; `nil` fields take their defaults.
    struct StoredSample: Codable {
        /// Frame indices, leaf first.
        var stack: [Int]
        var thread: Int32
        var weight: Int?
        var onCPU: Bool?
        var truncated: Bool?
        var walker: StackWalker?

        init(_ sample: Sample) {
            stack = sample.stack
            thread = sample.threadID
            weight = sample.weight == 1 ? nil : sample.weight
            onCPU = sample.onCPU
            truncated = sample.truncated ? true : nil
            walker = sample.walker == .libunwindRemote ? nil : sample.walker
        }

        var sample: Sample {
            Sample(stack: stack, weight: weight ?? 1, threadID: thread, onCPU: onCPU,
                   truncated: truncated ?? false, walker: walker ?? .libunwindRemote)
        }
    }

    /// Just enough of the file to decide whether the rest can be read.
    private struct Header: Decodable {
        var schemaVersion: Int?
        var format: String?
    }

    static func encode(_ profile: Profile) throws -> Data {
        // Everything but the samples goes through JSONEncoder; the samples, which are nearly all of
        // the file, are written by hand in the same shape and key order (10× faster at 100k samples).
        let file = NativeProfileFile(
            schemaVersion: currentSchemaVersion, format: formatName, metadata: profile.metadata,
            threads: profile.threads, mappings: profile.mappings, frames: profile.frames,
            samples: [], health: profile.health, memory: profile.memory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatted(date))
        }
        let envelope: Data
        do {
            envelope = try encoder.encode(file)
        } catch {
            throw ProfilerError(.invalidConfiguration, "cannot encode the profile as JSON: \(error)", cause: error)
        }
        let placeholder = Array(#""samples":[]"#.utf8)
        guard let range = envelope.firstRange(of: placeholder) else {
            throw ProfilerError(.invalidConfiguration, "cannot encode the profile as JSON: no samples key")
        }
        var text = JSONText()
        text.bytes.reserveCapacity(envelope.count + profile.samples.count * 100)
        text.bytes.append(contentsOf: envelope[..<range.lowerBound])
        text.raw("\"samples\":[")
        for (index, sample) in profile.samples.enumerated() {
            if index > 0 { text.raw(",") }
            // Keys in sorted order, as JSONEncoder's .sortedKeys writes them.
            text.raw("{")
            text.fieldIfPresent("\"onCPU\":", sample.onCPU) { $0.bool($1) }
            text.raw("\"stack\":")
            text.intArray(sample.stack)
            text.raw(",\"thread\":")
            text.int(Int(sample.threadID))
            if sample.truncated { text.raw(",\"truncated\":true") }
            if sample.walker != .libunwindRemote {
                text.raw(",\"walker\":")
                text.string(sample.walker.rawValue)
            }
            if sample.weight != 1 {
                text.raw(",\"weight\":")
                text.int(sample.weight)
            }
            text.raw("}")
        }
        text.raw("]")
        text.bytes.append(contentsOf: envelope[range.upperBound...])
        return Data(text.bytes)
    }

    /// Decodes a native file, checking its version and its internal references.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - name: The file's path, for error messages.
    /// - Throws: ``ProfilerError`` `.unsupportedFormat` naming the file when it is corrupt, not a
    ///   Sonora profile, or has a newer or unknown `schemaVersion`.
    static func decode(_ data: Data, name: String) throws -> Profile {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = try? Date(text, strategy: dateStyle) { return date }
            if let date = try? Date(text, strategy: .iso8601) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an ISO 8601 date"))
        }
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                throw ProfilerError(.unsupportedFormat, "\(name) is not a Sonora profile: it is empty", cause: error)
            }
            if (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil {
                throw ProfilerError(.unsupportedFormat, "\(name) is JSON but not a Sonora profile: \(describe(error))", cause: error)
            }
            throw ProfilerError(.unsupportedFormat, "\(name) is not a Sonora profile: it is not valid JSON", cause: error)
        }
        guard let version = header.schemaVersion, header.format == nil || header.format == formatName else {
            throw ProfilerError(.unsupportedFormat, "\(name) is not a Sonora profile: it has no schemaVersion")
        }
        guard version >= 1, version <= currentSchemaVersion else {
            let why = version > currentSchemaVersion ? "newer than this version of Sonora reads" : "unknown"
            throw ProfilerError(.unsupportedFormat, "\(name) has schemaVersion \(version), which is \(why) (this build reads schemaVersion 1 through \(currentSchemaVersion))")
        }
        // Fast path: read the samples by hand and decode only the small rest with JSONDecoder.
        // Anything unusual falls back to decoding the whole file, which also words the errors.
        var envelope = data
        var fastSamples: [Sample]?
        let bytes = [UInt8](data)
        if let (samples, range) = NativeSampleReader.read(bytes) {
            fastSamples = samples
            envelope = Data(bytes[..<range.lowerBound] + Array("[]".utf8) + bytes[range.upperBound...])
        }
        let file: NativeProfileFile
        do {
            file = try decoder.decode(NativeProfileFile.self, from: envelope)
        } catch {
            throw ProfilerError(.unsupportedFormat, "\(name) is a corrupt Sonora profile: \(describe(error))", cause: error)
        }
        let profile = Profile(
            metadata: file.metadata, threads: file.threads, mappings: file.mappings, frames: file.frames,
            samples: fastSamples ?? file.samples.map(\.sample), health: file.health, memory: file.memory)
        try validate(profile, name: name)
        return profile
    }

    /// Refuses a file whose values the tables and exports cannot use (see ``Profile/validationProblem()``).
    private static func validate(_ profile: Profile, name: String) throws {
        if let problem = profile.validationProblem() {
            throw ProfilerError(.unsupportedFormat, "\(name) is a corrupt Sonora profile: \(problem)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "expected \(kind(type)) at \(path(context.codingPath))"
        case .valueNotFound(let type, let context):
            return "expected \(kind(type)) but found null at \(path(context.codingPath))"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    /// What a JSON reader would call `type`: an object, an array, a string, a number.
    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int32.Type, is UInt64.Type, is Double.Type: return "a number"
        case is [Any].Type: return "an array"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "an array" : name.hasPrefix("Optional") ? "a value" : "an object"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

extension Profile {
    /// Loads a profile saved in the native format (`.sonoraprofile`).
    ///
    /// - Parameter url: The file to read.
    /// - Throws: ``ProfilerError`` naming the file: `.unreadableFile` when it cannot be read,
    ///   `.unsupportedFormat` when it is corrupt or has a newer or unknown `schemaVersion`.
    /// - Complexity: O(file size).
    public init(contentsOf url: URL) throws {
        self = try NativeProfileFile.decode(FileInput.read(url.path), name: url.path)
    }

    /// Decodes a profile in the native format from bytes already read, for example standard input.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - name: What to call the input in error messages, for example `standard input`.
    /// - Throws: ``ProfilerError`` `.unsupportedFormat` naming the input when it is corrupt or has
    ///   a newer or unknown `schemaVersion`.
    /// - Complexity: O(data size).
    public init(decoding data: Data, name: String) throws {
        self = try NativeProfileFile.decode(data, name: name)
    }
}
