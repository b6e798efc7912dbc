#!/usr/bin/env bash
# Fuzz the hand-written /v4/loadtracks parser with libFuzzer.
#
# Usage: scripts/fuzz-loadtracks.sh [seconds=60] [jobs=1]
# Builds Fuzz/LoadTracksFuzzer.swift with the parser's sources (swiftc -sanitize=fuzzer,address), seeds a corpus
# with every loadtracks fixture and generated search/playlist bodies, runs for the given time, and prints the
# number of executions. Crash inputs are left in .build/fuzz-loadtracks/ as crash-*; rerun one with
#   .build/fuzz-loadtracks/loadtracks-fuzzer .build/fuzz-loadtracks/crash-<hash>
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/fuzz-common.sh
fuzz_prepare .build/fuzz-loadtracks "$@"

sources=(
  "${music_track_sources[@]}"
  Sources/SonoraMusic/Codec/*.swift
  Sources/SonoraMusic/JSON/*.swift
  Sources/SonoraMusic/Protocol/JSONDecoding.swift
  Sources/SonoraMusic/Protocol/JSONValue.swift
  Sources/SonoraMusic/Protocol/LavalinkException.swift
  Sources/SonoraMusic/Protocol/LoadResult.swift
  Sources/SonoraMusic/Protocol/LoadResult+Parsing.swift
  Sources/SonoraMusic/Protocol/LoadedTrack.swift
  Sources/SonoraMusic/Protocol/LoadedTrack+Parsing.swift
  Sources/SonoraMusic/Protocol/TrackInfo.swift
)
echo "building $out/loadtracks-fuzzer"
# Compiled inside $out: swiftc leaves .swiftmodule/.swiftdoc files in its working directory.
root="$PWD"
(cd "$out" && swiftc -sanitize=fuzzer,address -parse-as-library -O -wmo -g -module-name LoadTracksFuzz \
  "${sources[@]/#/$root/}" "$root/Fuzz/LoadTracksFuzzer.swift" -o loadtracks-fuzzer) 2> "$out/build.log" \
  || { cat "$out/build.log"; exit 1; }

# Seeds: every loadtracks fixture, plus small search and playlist bodies in both key orders.
python3 - "$out/corpus" <<'PY'
import hashlib, json, pathlib, sys
out = pathlib.Path(sys.argv[1])
seeds = [p.read_bytes() for p in sorted(pathlib.Path("Sources/SonoraFakeLavalink/Fixtures/loadtracks").iterdir())]
rows = [json.loads(l) for i, l in enumerate(open("Benchmarks/Data/encoded-tracks-corpus-lptrack.jsonl")) if i < 3]
items = [{"encoded": r["encoded"], "info": {**r["decoded_here"], "isSeekable": True, "artworkUrl": None, "isrc": None},
          "pluginInfo": {"a": [1, 2.5, "x\u00e9"]}, "userData": {}} for r in rows]
for sort in (True, False):
    seeds.append(json.dumps({"loadType": "search", "data": items}, sort_keys=sort).encode())
    seeds.append(json.dumps({"loadType": "playlist", "data": {"info": {"name": "p", "selectedTrack": 0},
                                                              "pluginInfo": {}, "tracks": items}}, sort_keys=sort).encode())
# Tracks whose key order changes from one to the next, so the parser's key predictions both hit and miss.
mixed = [json.dumps(item, sort_keys=(i % 2 == 0), separators=(",", ":")) for i, item in enumerate(items)]
seeds.append(('{"loadType":"search","data":[' + ",".join(mixed) + "]}").encode())
for blob in seeds:
    (out / hashlib.sha1(blob).hexdigest()).write_bytes(blob)
print(f"seeded {len(seeds)} inputs")
PY

fuzz_run "$out" loadtracks-fuzzer 8192 "$seconds" "$jobs" -dict=../../Fuzz/loadtracks.dict
