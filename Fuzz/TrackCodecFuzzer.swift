// libFuzzer harness for the track codec; built by scripts/fuzz-track-codec.sh together with the codec sources.
//
// Properties checked for every input:
// 1. Decoding never crashes (bounds, overflow and sanitizer checks trap otherwise).
// 2. Whatever decodes re-encodes to exactly the same bytes (binary path) or the same text (base64 path).
// 3. The source-specific parsers (probe info, LavaSrc fields) never crash.
// 4. The texts read from a decoded track's box (made into Strings on access), put into a new track, encode to
//    the same bytes again, and the two tracks are equal with equal hashes.

@_cdecl("LLVMFuzzerTestOneInput")
public func trackCodecFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeRawBufferPointer(start: data, count: size)
    if let track = try? TrackCodec.decode(buffer: buffer) {
        _ = track.probeInfo
        _ = track.lavaSrcFields
        guard let again = try? TrackCodec.encodeBytes(track), again.elementsEqual(buffer) else {
            fatalError("binary round trip changed the bytes of a track that decoded")
        }
        let rebuilt = Track(
            flags: track.flags, title: track.title, author: track.author, length: track.length, identifier: track.identifier,
            isStream: track.isStream, uri: track.uri, artworkUrl: track.artworkUrl, isrc: track.isrc,
            sourceName: track.sourceName, sourceSpecificBytes: track.sourceSpecificBytes, position: track.position,
            version: track.version)
        guard rebuilt == track, rebuilt.hashValue == track.hashValue,
              let bytes = try? TrackCodec.encodeBytes(rebuilt), bytes.elementsEqual(buffer)
        else {
            fatalError("a track rebuilt from the texts read out of its box differs from it")
        }
    }
    let text = String(decoding: buffer, as: UTF8.self)
    if let track = try? TrackCodec.decode(text) {
        guard let again = try? TrackCodec.encode(track), again == text else {
            fatalError("base64 round trip changed the text of a track that decoded")
        }
    }
    return 0
}
