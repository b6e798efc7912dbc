#!/usr/bin/env bash
# Measures the sampler's cost in CPU mode at 1 kHz, or at FREQUENCY Hz (issue 13): the signal handler's median and p99
# and the collector's cost per sample, as each profile's SamplerHealth records them. It runs
# `sonora profile demo` (one thread decoding and re-encoding the track corpus) with a BEFORE and
# an AFTER binary interleaved, round by round in alternating order, so both see the same machine
# state, and prints a JSON report: every run, the medians per binary and the after/before ratios.
#
#   scripts/sampler-handler.sh BEFORE AFTER [ROUNDS] [SECONDS] > reports/sampler-handler.json
#   FREQUENCY=100 scripts/sampler-handler.sh ...   # ~100 samples per second: the wake-ups weigh more
set -euo pipefail
before=${1:?usage: sampler-handler.sh BEFORE AFTER [ROUNDS] [SECONDS]}
after=${2:?usage: sampler-handler.sh BEFORE AFTER [ROUNDS] [SECONDS]}
rounds=${3:-8}
seconds=${4:-3}
frequency=${FREQUENCY:-1000}
[[ $frequency =~ ^[0-9]+$ ]] || { echo "error: FREQUENCY must be a whole number of hertz, not '$frequency'" >&2; exit 2; }
for binary in "$before" "$after"; do
    [[ -x $binary ]] || { echo "error: $binary is not an executable" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs="$work/runs.jsonl"
for ((round = 0; round < rounds; round++)); do
    if ((round % 2 == 0)); then order=("before" "after"); else order=("after" "before"); fi
    for label in "${order[@]}"; do
        if [[ $label == before ]]; then binary=$before; else binary=$after; fi
        load=$(cut -d' ' -f1 /proc/loadavg)
        "$binary" profile demo --seconds "$seconds" --frequency "$frequency" -o "$work/$label-$round.sonoraprofile" >&2
        python3 - "$work/$label-$round.sonoraprofile" "$label" "$round" "$load" >>"$runs" <<'PY'
import json, sys
path, label, round_, load = sys.argv[1:]
health = json.load(open(path))["health"]
keys = ["handlerMedianNanos", "handlerP99Nanos", "collectorMeanNanos", "collectorCPUNanosPerSample",
        "samplesTaken", "samplesDropped", "walkerFallbacks", "copyLimitHits"]
run = {"binary": label, "round": int(round_), "loadAverage": float(load)}
run.update({key: health[key] for key in keys if key in health})
print(json.dumps(run))
PY
    done
done
python3 - "$runs" "$before" "$after" "$rounds" "$seconds" "$frequency" <<'PY'
import json, statistics, subprocess, sys, datetime
path, before, after, rounds, seconds, frequency = sys.argv[1:]
runs = [json.loads(line) for line in open(path)]
figures = ["handlerMedianNanos", "handlerP99Nanos", "collectorMeanNanos", "collectorCPUNanosPerSample"]
medians = {}
for label in ("before", "after"):
    mine = [run for run in runs if run["binary"] == label]
    medians[label] = {key: statistics.median(run[key] for run in mine) for key in figures if all(key in run for run in mine)}
ratios = {key: medians["after"][key] / medians["before"][key] for key in figures if key in medians["before"] and key in medians["after"]}
report = {
    "schemaVersion": 1,
    "what": f"sampler handler and collector cost, CPU mode {frequency} Hz, `sonora profile demo` runs interleaved",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
    "binaries": {"before": before, "after": after},
    "rounds": int(rounds), "secondsPerRun": float(seconds), "frequency": int(frequency),
    "goals": {"handlerMedianNanos": 2000, "handlerP99Nanos": 10000, "collectorNanosPerSample": 10000},
    "medians": medians, "afterOverBefore": ratios, "runs": runs,
}
print(json.dumps(report, indent=2))
PY
