// libFuzzer harness for the hand-written /v4/loadtracks parser; built by scripts/fuzz-loadtracks.sh together with
// the SonoraMusic sources it needs.
//
// Properties checked for every input:
// 1. Parsing never crashes (bounds, overflow, recursion and sanitizer checks trap otherwise).
// 2. Parsing is deterministic: the same bytes give an equal result, or an error with the same code and offset.
// 3. Every kept `pluginInfo`/`userData` parses again when read (the lazy bytes are well-formed JSON), and a
//    result's playlist `pluginInfo` and `rawData` survive a JSONValue round trip through the parser.
// 4. The tracks, written again by `JSONEncoder` (another key order and spelling, so the parser's key predictions
//    differ) and parsed as a search body, are equal to the tracks parsed from the input.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func loadTracksFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeRawBufferPointer(start: data, count: size)
    let first = Result { () throws(MusicError) -> LoadResult in try LoadResult.decode(bytes: buffer) }
    let second = Result { () throws(MusicError) -> LoadResult in try LoadResult.decode(bytes: buffer) }
    switch (first, second) {
    case (.success(let a), .success(let b)):
        guard a == b else { fatalError("the same body parsed to two different results") }
        for track in a.tracks {
            for kept in [track.pluginInfoStorage, track.userDataStorage] {
                if case .bytes(let bytes) = kept.storage {
                    let again = bytes.withUnsafeBytes { raw in
                        Result { () throws(MusicError) -> JSONValue in try JSONScanner.value(of: raw, what: "kept") }
                    }
                    guard case .success = again else { fatalError("kept pluginInfo/userData bytes do not parse again") }
                }
            }
        }
        if !a.tracks.isEmpty, let array = try? JSONEncoder().encode(a.tracks) {
            let body = Data(#"{"loadType":"search","data":"#.utf8) + array + Data("}".utf8)
            guard let again = try? LoadResult.decode(json: body), again.tracks == a.tracks else {
                fatalError("the tracks written again by JSONEncoder parse to other tracks")
            }
        }
    case (.failure(let a), .failure(let b)):
        guard a.code == b.code, a.offset == b.offset else { fatalError("the same body failed in two different ways") }
        guard a.code == .invalidJSON else { fatalError("a parse failure that is not invalidJSON: \(a)") }
    default:
        fatalError("the same body both parsed and failed")
    }
    return 0
}
