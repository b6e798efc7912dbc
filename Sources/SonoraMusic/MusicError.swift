/// The one error type of `SonoraMusic`: a code, a message naming the bad input, where in it the problem is, and an
/// optional cause.
///
/// Codec errors carry the ``DomainError/offset`` where decoding stopped. The offset counts bytes of the
/// base64-decoded message, except for `notBase64`, where it counts characters of the encoded string; the
/// loadtracks parser's errors count bytes of the JSON body.
public typealias MusicError = DomainError<MusicErrorDomain>

/// Marks errors of `SonoraMusic`. The codes of ``MusicError``:
/// - `notBase64`: The track string is not strict standard base64 (alphabet, padding, length).
/// - `truncated`: The message ended before a field was complete.
/// - `sizeMismatch`: The header's message size does not match the number of body bytes.
/// - `invalidModifiedUTF8`: A string is not valid Java modified UTF-8.
/// - `unsupportedVersion`: The track info version is not 1, 2 or 3.
/// - `trailingGarbage`: Bytes follow the end of the declared message.
/// - `invalidBoolean`: A boolean byte is neither 0 nor 1.
/// - `valueTooLarge`: A string is too long for Java's `writeUTF` (more than 65,535 encoded bytes), or a message
///   is too large.
/// - `invalidJSON`: A JSON body could not be decoded into the expected shape.
/// - `unauthorized`: The node refused the password (HTTP 401/403).
/// - `notFound`: The node answered 404.
/// - `httpStatus`: The node answered with another unexpected status (after retries for 5xx).
/// - `timeout`: The request did not complete within its timeout.
/// - `connectionFailed`: The node could not be reached (after retries).
/// - `invalidTrack`: An `encoded` track string in a load result did not decode.
/// - `queueFull`: The queue is at its maximum size.
/// - `indexOutOfRange`: An index passed to a queue operation is out of range.
/// - `duplicateTrack`: A track is already in the queue and the queue de-duplicates by identifier.
/// - `historyEmpty`: The operation needs history but the history is empty.
public enum MusicErrorDomain: ErrorDomain {}

extension ErrorCode where Domain == MusicErrorDomain {
    public static let notBase64: Self = "notBase64", truncated: Self = "truncated", sizeMismatch: Self = "sizeMismatch",
        invalidModifiedUTF8: Self = "invalidModifiedUTF8", unsupportedVersion: Self = "unsupportedVersion",
        trailingGarbage: Self = "trailingGarbage", invalidBoolean: Self = "invalidBoolean",
        valueTooLarge: Self = "valueTooLarge", invalidJSON: Self = "invalidJSON", unauthorized: Self = "unauthorized",
        notFound: Self = "notFound", httpStatus: Self = "httpStatus", timeout: Self = "timeout",
        connectionFailed: Self = "connectionFailed", invalidTrack: Self = "invalidTrack", queueFull: Self = "queueFull",
        indexOutOfRange: Self = "indexOutOfRange", duplicateTrack: Self = "duplicateTrack",
        historyEmpty: Self = "historyEmpty"
}
