import Foundation

/// Decodes Lavalink JSON bodies and maps Foundation's errors to ``MusicError``.
enum JSONDecoding {
    /// Decodes `type` from `data`.
    /// - Parameters:
    ///   - type: The payload type.
    ///   - data: The JSON body.
    ///   - what: What the body is, for the error message (for example `"/v4/loadtracks response"`).
    /// - Throws: ``MusicError`` `invalidJSON` naming `what` and the failing path.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, what: String) throws(MusicError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw MusicError(.invalidJSON, "\(what) is not a valid \(T.self): \(describe(error))", cause: error)
        } catch {
            throw MusicError(.invalidJSON, "\(what) is not valid JSON", cause: error)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "null value at \(path(context))"
        case .dataCorrupted(let context): return "corrupt data at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
