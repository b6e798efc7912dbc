import Foundation
import Testing
import SonoraMusic

/// Issue 17, fourth round: `MusicError` is the shared `DomainError`, whose offset now holds where a codec or
/// parser stopped. Each test would fail if the offset were lost or the description stopped naming it.
@Suite struct MusicErrorTests {
    @Test func aCodecErrorIsADomainErrorWithItsOffsetInItsDescription() throws {
        let error = try #require(throws: MusicError.self) { try TrackCodec.decode("QAAA") }
        let domain: DomainError<MusicErrorDomain> = error
        #expect(domain.code == .truncated)
        #expect(domain.offset == 3)
        #expect(domain.description == "\(domain.message) (at offset 3)")
    }

    @Test func theOffsetComesBeforeTheCauseAndEachIsLeftOutWhenAbsent() {
        struct Cause: Error, CustomStringConvertible { var description: String { "the cause" } }
        #expect(MusicError(.invalidJSON, "body", offset: 7, cause: Cause()).description == "body (at offset 7) (the cause)")
        #expect(MusicError(.invalidJSON, "body", cause: Cause()).description == "body (the cause)")
        #expect(MusicError(.queueFull, "full").description == "full")
        #expect(MusicError.Code.notBase64.rawValue == "notBase64")
    }
}
