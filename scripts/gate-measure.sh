#!/usr/bin/env bash
# Measures the release gate on this machine, through the CLI, with a neighbour load on the other
# core: the same-build false-alarm rate of `sonora bench ab` and its detection rate for injected
# slowdowns (SONORA_BENCH_INJECT through the hidden --inject-head). Writes every run's comparison
# under $RUNS and the rates to $OUT.json.
#
#   scripts/gate-measure.sh                       # defaults below
#   PAIRS=10 ROUNDS=10 SIZES="0 5 10" scripts/gate-measure.sh
#   RUNS=/tmp/runs-b NEIGHBOUR=0 SIZES=10 scripts/gate-measure.sh   # a second job in parallel
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/sonora}
FILTER=${FILTER:-'^queue\.(move|shuffle|remove)\.10k$'}
TARGET=${TARGET:-queue.shuffle.10k}
PAIRS=${PAIRS:-10}
ROUNDS=${ROUNDS:-10}
SIZES=${SIZES:-"0 10 5"}
OUT=${OUT:-reports/gate-measurements}
# Every run's reports and comparison (large; not committed).
RUNS=${RUNS:-/tmp/sonora-gate-runs}
mkdir -p "$RUNS"

START=${START:-1}

# The neighbour: a busy loop, pinned to the last core when taskset exists (NEIGHBOUR=0: another
# job already runs one).
if [ "${NEIGHBOUR:-1}" != 0 ]; then
    if command -v taskset >/dev/null; then
        taskset -c "$(( $(nproc) - 1 ))" sh -c 'while :; do :; done' &
    else
        sh -c 'while :; do :; done' &
    fi
    NEIGHBOUR_PID=$!
    trap 'kill "$NEIGHBOUR_PID" 2>/dev/null || true' EXIT
fi

for size in $SIZES; do
    for pair in $(seq "$START" "$PAIRS"); do
        name="inject-${size}pct-pair-${pair}"
        inject=()
        if [ "$size" != 0 ]; then inject=(--inject-head "$TARGET:$size%"); fi
        start=$(date +%s.%N)
        set +e
        "$BIN" bench ab --base "$BIN" --rounds "$ROUNDS" --filter "$FILTER" --no-profile --format json \
            --reports-directory "$RUNS/$name" "${inject[@]}" > "$RUNS/$name.json" 2> "$RUNS/$name.log"
        code=$?
        set -e
        end=$(date +%s.%N)
        load=$(cut -d' ' -f1 /proc/loadavg)
        echo "{\"size\": $size, \"pair\": $pair, \"exit\": $code, \"seconds\": $(echo "$end - $start" | bc), \"loadAverage\": $load}" >> "$RUNS/index.jsonl"
        echo "size ${size}% pair $pair: exit $code"
    done
done

python3 scripts/gate-summary.py "$OUT" "$RUNS" "$TARGET" "$FILTER" "$ROUNDS"
