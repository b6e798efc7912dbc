#!/usr/bin/env bash
# Measures what the preload library costs a server that knows nothing of Sonora, in one job,
# interleaved: PlainNIOServer under wrk (GET /work?n=2000, 2 threads, 32 connections) with no
# library, with the library loaded but SONORA_PROFILE unset, and with a 100 Hz CPU session.
# Then `sonora record -- true` against `true` with hyperfine.
# Usage: scripts/record-overhead.sh [ROUNDS] [SECONDS]   (defaults 5 rounds of 5 s per variant)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
SECS="${2:-5}"
swift build -c release --product sonora >/dev/null
swift build -c release --product SonoraPreload >/dev/null
swift build -c release --product SonoraPreloadAgent >/dev/null
swift build -c release --product PlainNIOServer >/dev/null
BIN=.build/release
LIB="$(pwd)/$BIN/libSonoraPreload.so"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

# Starts the server with the given environment; sets PID and PORT.
start() {
    local file="$OUT/port-$RANDOM"
    env "$@" "$BIN/PlainNIOServer" 0 >"$file" 2>>"$OUT/err" &
    PID=$!
    for _ in $(seq 200); do grep -q '^port [0-9]' "$file" 2>/dev/null && break; sleep 0.05; done
    PORT=$(awk '{print $2}' "$file")
}

declare -A total
variants=(none unset profiled)
for round in $(seq "$ROUNDS"); do
    for variant in "${variants[@]}"; do
        case $variant in
            none) start X=1 ;;
            unset) start LD_PRELOAD="$LIB" ;;
            profiled) start LD_PRELOAD="$LIB" SONORA_PROFILE="$OUT/p-$round.sonoraprofile" SONORA_PROFILE_FREQUENCY=100 ;;
        esac
        pid=$PID port=$PORT
        threads=$(awk '/^Threads:/{print $2}' "/proc/$pid/status")
        rps=$(wrk -t2 -c32 -d"${SECS}s" "http://127.0.0.1:$port/work?n=2000" | awk '/Requests\/sec/{print $2}')
        kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
        echo "round $round $variant: $rps req/s, $threads threads"
        total[$variant]=$(python3 -c "print(${total[$variant]:-0} + $rps)")
    done
done
python3 - "${total[none]}" "${total[unset]}" "${total[profiled]}" <<'PY'
import sys
none, unset, profiled = map(float, sys.argv[1:])
print(f"throughput vs no library: unset {unset / none:.3f}, profiled at 100 Hz {profiled / none:.3f}")
PY
hyperfine -N -w 3 -r 30 'true' "$BIN/sonora record --top 0 -o $OUT/t.sonoraprofile -- true" \
    "env LD_PRELOAD=$LIB SONORA_PROFILE=$OUT/q.sonoraprofile true" "env LD_PRELOAD=$LIB true"
