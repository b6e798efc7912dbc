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
seconds="${1:-60}"
jobs="${2:-1}"
out=.build/fuzz
mkdir -p "$out/corpus"

codec=(
  Sources/SonoraMusic/MusicError.swift
  Sources/SonoraMusic/Track.swift
  Sources/SonoraMusic/Track+SourceSpecific.swift
  Sources/SonoraMusic/LavaSrcFields.swift
  Sources/SonoraMusic/Codec/Base64.swift
  Sources/SonoraMusic/Codec/ByteCursor.swift
  Sources/SonoraMusic/Codec/ModifiedUTF8.swift
  Sources/SonoraMusic/Codec/TrackCodec.swift
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
fixtures = pathlib.Path("Tests/SonoraMusicTests/Fixtures")
encoded = [json.loads(line)["encoded"] for line in open(fixtures / "encoded-tracks.jsonl")]
encoded += [line.strip() for i, line in enumerate(open(fixtures / "corpus-encoded.txt")) if i % 20 == 0]
for text in encoded:
    for blob in (text.encode(), base64.b64decode(text)):
        (out / hashlib.sha1(blob).hexdigest()).write_bytes(blob)
print(f"seeded {len(encoded) * 2} inputs from the fixtures")
PY

log="$out/fuzz.log"
parallel=()
if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi
# libFuzzer writes per-job logs (fuzz-N.log) to the working directory in parallel mode; keep them in $out.
(cd "$out" && ./track-codec-fuzzer corpus -max_total_time="$seconds" -max_len=4096 "${parallel[@]}" \
  -artifact_prefix=./ -print_final_stats=1) 2>&1 | tee "$log" | grep -E "^#[0-9]+.*(pulse|DONE)|ERROR|crash-|stat::" || true
if [ "$jobs" -gt 1 ]; then cat "$out"/fuzz-*.log > "$log" && rm -f "$out"/fuzz-*.log; fi
runs=$(grep -E "stat::number_of_executed_units" "$log" | awk '{s+=$2} END {print s+0}')
crashes=$(find "$out" -maxdepth 1 -name 'crash-*' | wc -l)
echo "executions: $runs  crashes: $crashes  seconds: $seconds"
[ "$crashes" -eq 0 ]
