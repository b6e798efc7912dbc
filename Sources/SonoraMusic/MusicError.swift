/// The one error type thrown by SonoraMusic: a code, a message naming the bad input, and an optional cause.
///
/// Codec errors carry the byte offset where decoding stopped. The offset counts bytes of the
/// base64-decoded message, except for ``Code/notBase64``, where it counts characters of the encoded string.
public struct MusicError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of named values.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The track string is not strict standard base64 (alphabet, padding, length).
        public static let notBase64 = Code(rawValue: "notBase64")
        /// The message ended before a field was complete.
        public static let truncated = Code(rawValue: "truncated")
        /// The header's message size does not match the number of body bytes.
        public static let sizeMismatch = Code(rawValue: "sizeMismatch")
        /// A string is not valid Java modified UTF-8.
        public static let invalidModifiedUTF8 = Code(rawValue: "invalidModifiedUTF8")
        /// The track info version is not 1, 2 or 3.
        public static let unsupportedVersion = Code(rawValue: "unsupportedVersion")
        /// Bytes follow the end of the declared message.
        public static let trailingGarbage = Code(rawValue: "trailingGarbage")
        /// A boolean byte is neither 0 nor 1.
        public static let invalidBoolean = Code(rawValue: "invalidBoolean")
        /// A string is too long for Java's `writeUTF` (more than 65,535 encoded bytes), or a message is too large.
        public static let valueTooLarge = Code(rawValue: "valueTooLarge")
        /// A JSON body could not be decoded into the expected shape.
        public static let invalidJSON = Code(rawValue: "invalidJSON")
        /// The node refused the password (HTTP 401/403).
        public static let unauthorized = Code(rawValue: "unauthorized")
        /// The node answered 404.
        public static let notFound = Code(rawValue: "notFound")
        /// The node answered with another unexpected status (after retries for 5xx).
        public static let httpStatus = Code(rawValue: "httpStatus")
        /// The request did not complete within its timeout.
        public static let timeout = Code(rawValue: "timeout")
        /// The node could not be reached (after retries).
        public static let connectionFailed = Code(rawValue: "connectionFailed")
        /// An `encoded` track string in a load result did not decode.
        public static let invalidTrack = Code(rawValue: "invalidTrack")
        /// The queue is at its maximum size.
        public static let queueFull = Code(rawValue: "queueFull")
        /// An index passed to a queue operation is out of range.
        public static let indexOutOfRange = Code(rawValue: "indexOutOfRange")
        /// A track is already in the queue and the queue de-duplicates by identifier.
        public static let duplicateTrack = Code(rawValue: "duplicateTrack")
        /// The operation needs history but the history is empty.
        public static let historyEmpty = Code(rawValue: "historyEmpty")
    }

    /// What went wrong.
    public var code: Code
    /// A sentence naming the input and what was wrong with it.
    public var message: String
    /// The byte offset in the decoded message (or character offset in the base64 text) where the problem is, if any.
    public var offset: Int?
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - message: A sentence naming the input and what was wrong with it.
    ///   - offset: The byte offset of the problem, if it has one.
    ///   - cause: The underlying error.
    public init(_ code: Code, _ message: String, offset: Int? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.cause = cause
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let offset { text += " (at offset \(offset))" }
        if let cause { text += "; cause: \(cause)" }
        return text
    }
}
