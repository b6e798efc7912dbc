#!/usr/bin/env bash
# Measures the release gate on this machine, through the CLI, with a neighbour load on the other
# core: the same-build false-alarm rate of `sonora bench ab` and its detection rate for injected
# slowdowns (SONORA_BENCH_INJECT through the hidden --inject-head). Writes every run's comparison
# under $OUT/runs and the rates to $OUT.json.
#
#   scripts/gate-measure.sh                       # defaults below
#   PAIRS=10 ROUNDS=10 SIZES="0 5 10" scripts/gate-measure.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/sonora}
FILTER=${FILTER:-'^queue\.(move|shuffle|remove)\.10k$'}
TARGET=${TARGET:-queue.shuffle.10k}
PAIRS=${PAIRS:-10}
ROUNDS=${ROUNDS:-10}
SIZES=${SIZES:-"0 10 5"}
OUT=${OUT:-reports/gate-measurements}
mkdir -p "$OUT/runs"

# The neighbour: a busy loop, pinned to the last core when taskset exists.
if command -v taskset >/dev/null; then
    taskset -c "$(( $(nproc) - 1 ))" sh -c 'while :; do :; done' &
else
    sh -c 'while :; do :; done' &
fi
NEIGHBOUR=$!
trap 'kill "$NEIGHBOUR" 2>/dev/null || true' EXIT

for size in $SIZES; do
    for pair in $(seq 1 "$PAIRS"); do
        name="inject-${size}pct-pair-${pair}"
        inject=()
        if [ "$size" != 0 ]; then inject=(--inject-head "$TARGET:$size%"); fi
        start=$(date +%s.%N)
        set +e
        "$BIN" bench ab --base "$BIN" --rounds "$ROUNDS" --filter "$FILTER" --no-profile --format json \
            --reports-directory "$OUT/runs/$name" "${inject[@]}" > "$OUT/runs/$name.json" 2> "$OUT/runs/$name.log"
        code=$?
        set -e
        end=$(date +%s.%N)
        echo "{\"size\": $size, \"pair\": $pair, \"exit\": $code, \"seconds\": $(echo "$end - $start" | bc)}" >> "$OUT/runs/index.jsonl"
        echo "size ${size}% pair $pair: exit $code"
    done
done

python3 - "$OUT" "$TARGET" "$FILTER" "$ROUNDS" <<'PY'
import json, sys, os, platform
out, target, filt, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
index = [json.loads(line) for line in open(os.path.join(out, "runs", "index.jsonl"))]
flag = {"regressed", "improved", "appeared"}
by_size = {}
for entry in index:
    path = os.path.join(out, "runs", f"inject-{entry['size']}pct-pair-{entry['pair']}.json")
    try:
        comparison = json.load(open(path))["comparison"]
    except Exception as error:
        by_size.setdefault(entry["size"], []).append({"pair": entry["pair"], "error": str(error), "exit": entry["exit"]})
        continue
    rows = comparison["rows"]
    flagged = sorted({f"{r['benchmark']} {r['metric']} {r['verdict']}" for r in rows if r["verdict"] in flag})
    caught = any(r["benchmark"] == target and r["verdict"] == "regressed" for r in rows)
    others = sorted({r["benchmark"] for r in rows if r["verdict"] in flag and r["benchmark"] != target})
    cpu = [r for r in rows if r["benchmark"] == target and r["metric"] == "cpu"]
    by_size.setdefault(entry["size"], []).append({
        "pair": entry["pair"], "exit": entry["exit"], "seconds": entry["seconds"], "flagged": flagged,
        "targetCaught": caught, "otherBenchmarksFlagged": others,
        "targetCPURatio": cpu[0]["ratioEstimate"] if cpu else None,
        "targetCPUInterval": [cpu[0]["ratioLow"], cpu[0]["ratioHigh"]] if cpu else None,
    })
summary = []
for size, pairs in sorted(by_size.items()):
    ok = [p for p in pairs if "error" not in p]
    n = len(ok)
    anyflag = sum(1 for p in ok if p["flagged"])
    summary.append({
        "injectedPercent": size, "pairs": n,
        "pairsFlaggedAnything": anyflag,
        "targetCaught": sum(1 for p in ok if p["targetCaught"]),
        "pairsWithOtherBenchmarksFlagged": sum(1 for p in ok if p["otherBenchmarksFlagged"]),
        "medianSecondsPerPair": sorted(p["seconds"] for p in ok)[n // 2] if n else None,
    })
result = {
    "schemaVersion": 1, "what": "sonora bench ab, same binary both sides, neighbour busy loop on the last core",
    "binary": "release", "filter": filt, "target": target, "rounds": rounds, "cores": os.cpu_count(),
    "loadAverageAtEnd": os.getloadavg()[0], "summary": summary, "pairs": by_size,
}
tmp = out + ".json.tmp"
json.dump(result, open(tmp, "w"), indent=2, sort_keys=True)
os.replace(tmp, out + ".json")
for row in summary: print(row)
PY
