#!/usr/bin/env bash
# Fuzz the Lavalink track codec with libFuzzer.
#
# Usage: scripts/fuzz-track-codec.sh [seconds=60] [jobs=1]
# Builds Fuzz/TrackCodecFuzzer.swift with the codec sources (swiftc -sanitize=fuzzer,address), seeds a corpus
# from the test fixtures (binary messages and base64 strings), runs for the given time, and prints the
# number of executions. Crash inputs are left in .build/fuzz/ as crash-*; rerun one with
#   .build/fuzz/track-codec-fuzzer .build/fuzz/crash-<hash>
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/fuzz-common.sh
fuzz_prepare .build/fuzz "$@"

codec=(
  "${music_track_sources[@]}"
  Sources/SonoraMusic/Codec/Base64.swift
  Sources/SonoraMusic/Codec/ByteCursor.swift
  Sources/SonoraMusic/Codec/ModifiedUTF8.swift
  Sources/SonoraMusic/Codec/TrackCodec.swift
  Sources/SonoraMusic/Codec/TrackBox.swift
  Sources/SonoraMusic/JSON/SmallASCIIString.swift
)
echo "building $out/track-codec-fuzzer"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name TrackCodecFuzz \
  "${codec[@]}" Fuzz/TrackCodecFuzzer.swift -o "$out/track-codec-fuzzer" 2> "$out/build.log" \
  || { cat "$out/build.log"; exit 1; }

# Seeds: every vector and every 20th corpus track, as base64 text and as the decoded binary message.
python3 - "$out/corpus" <<'PY'
import base64, hashlib, json, sys, pathlib
out = pathlib.Path(sys.argv[1])
fixtures = pathlib.Path("Sources/SonoraFakeLavalink/Fixtures")
encoded = [json.loads(line)["encoded"] for line in open(fixtures / "encoded-tracks.jsonl")]
encoded += [line.strip() for i, line in enumerate(open(fixtures / "corpus-encoded.txt")) if i % 20 == 0]
for text in encoded:
    for blob in (text.encode(), base64.b64decode(text)):
        (out / hashlib.sha1(blob).hexdigest()).write_bytes(blob)
print(f"seeded {len(encoded) * 2} inputs from the fixtures")
PY

fuzz_run "$out" track-codec-fuzzer 4096 "$seconds" "$jobs"
