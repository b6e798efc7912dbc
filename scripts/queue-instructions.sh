#!/usr/bin/env bash
# Instructions per queue operation (next, append, skip, back, and the harness alone), counted by callgrind, which
# is repeatable on a noisy machine. Builds scripts/queue-instructions/main.swift with SonoraMusic's queue and track
# sources (swiftc -O -wmo, one module, against the release build's DequeModule and SonoraCore), runs each mode under
# callgrind for N and 2N operations and prints the difference per operation, so set-up cancels. Also prints the
# reference-count calls (swift_retain/swift_release) and uniqueness checks per operation.
#
# Usage: scripts/queue-instructions.sh [tree=.] [size=10000]   (needs `swift build -c release` done in this tree)
# Needs: valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
tree="$(cd "${1:-.}" && pwd)"
size="${2:-10000}"
root="$PWD"
out=.build/queue-instructions
mkdir -p "$out"
release=.build/release
s="$tree/Sources/SonoraMusic"
swiftc -O -wmo -parse-as-library -module-name H -I "$release/Modules" -Xcc -fmodule-map-file="$release/CSonoraPrefetch.build/module.modulemap" \
  "$s/MusicError.swift" "$s/Track.swift" "$s/TrackFields.swift" "$s/Track+SourceSpecific.swift" "$s/LavaSrcFields.swift" "$s/Exports.swift" \
  "$s"/Codec/*.swift "$s"/JSON/*.swift "$s"/Protocol/{JSONDecoding,JSONValue,LavalinkException,LoadResult,LoadResult+Parsing,LoadedTrack,LoadedTrack+Parsing,TrackInfo}.swift \
  "$s"/Queue/*.swift "$root/scripts/queue-instructions/main.swift" \
  "$release"/DequeModule.build/*.o "$release"/InternalCollectionsUtilities.build/*.o "$release"/SonoraCore.build/*.o \
  -o "$out/harness" 2> "$out/build.log" || { cat "$out/build.log"; exit 1; }
n=200000
for mode in ${MODES:-harness next append skip back}; do
  for ops in $n $((2 * n)); do
    valgrind --tool=callgrind --callgrind-out-file="$out/$mode-$ops.out" "$out/harness" "$mode" "$size" "$ops" \
      > "$out/$mode-$ops.log" 2>&1
  done
  python3 - "$out/$mode-$n.out" "$out/$mode-$((2 * n)).out" "$mode" "$n" <<'PY'
import re, sys
def read(path):
    names, total, calls, fn = {}, 0, {}, None
    def name(token):
        m = re.match(r'\((\d+)\)(?: (.*))?', token)
        if not m: return token
        if m.group(2): names[m.group(1)] = m.group(2)
        return names[m.group(1)]
    for line in open(path):
        if line.startswith('totals:') or line.startswith('summary:'): total = int(line.split()[1])
        elif line.startswith('fn='): name(line[3:].strip())
        elif line.startswith('cfn='): fn = name(line[4:].strip())
        elif line.startswith('calls=') and fn:
            calls[fn] = calls.get(fn, 0) + int(line[6:].split()[0])
    return total, calls
(t1, c1), (t2, c2) = read(sys.argv[1]), read(sys.argv[2])
n = int(sys.argv[4])
per = lambda f: (c2.get(f, 0) - c1.get(f, 0)) / n
print(f"{sys.argv[3]:8} {(t2 - t1) / n:7.1f} instructions/op  retain {per('swift_retain'):.2f}  release {per('swift_release'):.2f}"
      f"  isUnique {per('swift_isUniquelyReferenced_nonNull_native'):.2f}  malloc {per('malloc'):.2f}")
PY
done
