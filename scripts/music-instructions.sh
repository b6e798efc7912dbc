#!/usr/bin/env bash
# Instructions per track of the loadtracks parser and the track codec, counted by callgrind (repeatable on a noisy
# machine, unlike time). Builds scripts/music-instructions/main.swift with SonoraMusic's parser and codec sources
# (swiftc -O -wmo, one module) from a source tree, runs it under callgrind for 1 and 6 passes and prints the
# difference per track, so start-up and file reading cancel.
#
# Usage: scripts/music-instructions.sh [tree=.]   e.g. a `git worktree`/`git archive` of another commit for a before.
# Needs: valgrind, python3 (builds the bodies as Benchmarks/python/loadtracks_lavalink.py does).
set -euo pipefail
cd "$(dirname "$0")/.."
tree="$(cd "${1:-.}" && pwd)"
root="$PWD"
out=.build/music-instructions
mkdir -p "$out"
python3 - "$out" <<'PY'
import json, sys
sys.path.insert(0, "Benchmarks/python")
from loadtracks_lavalink import body, info_of
out = sys.argv[1]
rows = [json.loads(l) for l in open("Benchmarks/Data/encoded-tracks-corpus-lptrack.jsonl") if l.strip()]
encoded = [r["encoded"] for r in rows]
infos = [info_of(r["decoded_here"]) for r in rows]
for load_type in ("search", "playlist"):
    open(f"{out}/{load_type}-1000.json", "wb").write(body(infos, encoded, load_type, 1000))
open(f"{out}/corpus.txt", "w").write("\n".join(encoded))
PY
s="$tree/Sources/SonoraMusic"
(cd "$out" && swiftc -O -wmo -parse-as-library -module-name H \
  "$tree/Sources/SonoraCore/DomainError.swift" "$tree/Sources/SonoraCore/JSONStringLiteral.swift" \
  "$s/MusicError.swift" "$s/TrackFields.swift" "$s/Track.swift" "$s/Track+SourceSpecific.swift" "$s/LavaSrcFields.swift" "$s"/Codec/*.swift \
  "$s"/JSON/*.swift "$s"/Protocol/{JSONDecoding,JSONValue,LavalinkException,LoadResult,LoadResult+Parsing,LoadedTrack,LoadedTrack+Parsing,TrackInfo}.swift \
  "$root/scripts/music-instructions/main.swift" -o harness) 2> "$out/build.log" || { cat "$out/build.log"; exit 1; }
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$out/harness" "$@" 2>&1 | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*'
}
for run in "once $out/search-1000.json" "once $out/playlist-1000.json" "decodeonce $out/corpus.txt"; do
  set -- $run
  one=$(count "$1" "$2" 1)
  six=$(count "$1" "$2" 6)
  echo "$1 $(basename "$2"): $(( (six - one) / 5000 )) instructions per track"
done
