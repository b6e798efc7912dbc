#!/usr/bin/env bash
# Cold symbolization cost per unique address, before and after, interleaved in one run, and
# reports/symbolization-speed.json (atomically; schemaVersion 1).
#
# Each run is `sonora profiler-bench --only symbolization --repetitions 1`: a fresh process, 5,000
# addresses (one per function: every address needs its own demangling) over every loaded object
# with symbols, a cold symbolizer with no table reuse, DWARF lines on.
#
# Usage: scripts/symbolization-speed.sh BEFORE_BINARY AFTER_BINARY [runs=7]
#   BEFORE_BINARY, AFTER_BINARY: two release builds of `sonora` (copy .build/release/sonora
#   aside before and after the change). Runs alternate before/after; medians are compared.
set -euo pipefail
cd "$(dirname "$0")/.."
before="${1:?before binary}"
after="${2:?after binary}"
runs="${3:-7}"

lines=()
for ((run = 0; run < runs; run++)); do
    for side in before after; do
        binary="$before"; [[ "$side" == after ]] && binary="$after"
        line="$("$binary" profiler-bench --only symbolization --repetitions 1 | grep '^symbolization:')"
        echo "$side $line" >&2
        lines+=("$side $line")
    done
done

mkdir -p reports
LINES="$(printf '%s\n' "${lines[@]}")" BEFORE="$before" AFTER="$after" python3 - <<'PY'
import datetime, json, os, platform, re, statistics, subprocess, tempfile
pattern = re.compile(r"^(before|after) symbolization: (\d+) ns wall, (\d+) ns CPU per unique address "
                     r"\((\d+) addresses, (\d+) objects, (\d+) named, (\d+) with a line\), cached (\d+) ns$")
runs = {"before": [], "after": []}
for line in os.environ["LINES"].splitlines():
    match = pattern.match(line)
    if not match:
        raise SystemExit(f"unexpected benchmark output: {line!r}")
    side, wall, cpu, addresses, objects, named, with_line, cached = match.groups()
    runs[side].append({"wallNanosPerAddress": int(wall), "cpuNanosPerAddress": int(cpu), "addresses": int(addresses),
                       "objects": int(objects), "named": int(named), "withLine": int(with_line),
                       "cachedLookupNanos": int(cached)})
def summary(side):
    values = runs[side]
    return {"binary": os.environ[side.upper()], "runs": values,
            "medianCPUNanosPerAddress": statistics.median(v["cpuNanosPerAddress"] for v in values),
            "medianWallNanosPerAddress": statistics.median(v["wallNanosPerAddress"] for v in values)}
before, after = summary("before"), summary("after")
report = {
    "schemaVersion": 1,
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": {"system": platform.system(), "machine": platform.machine(), "cpus": os.cpu_count(),
                "loadAverage": os.getloadavg()},
    "command": "sonora profiler-bench --only symbolization --repetitions 1 (fresh process per run, before/after interleaved)",
    "workload": "5,000 distinct addresses, one per function, over every loaded object with symbols; cold symbolizer, no table reuse, DWARF lines on",
    "before": before,
    "after": after,
    "cpuSpeedup": before["medianCPUNanosPerAddress"] / after["medianCPUNanosPerAddress"],
    "wallSpeedup": before["medianWallNanosPerAddress"] / after["medianWallNanosPerAddress"],
    "goalNanosPerAddress": 5000,
    "meetsGoalCPU": after["medianCPUNanosPerAddress"] <= 5000,
    "meetsGoalWall": after["medianWallNanosPerAddress"] <= 5000,
}
fd, tmp = tempfile.mkstemp(dir="reports", prefix=".symbolization-speed.", suffix=".tmp")
with os.fdopen(fd, "w") as f:
    json.dump(report, f, indent=2)
    f.write("\n")
os.replace(tmp, "reports/symbolization-speed.json")
for side, data in (("before", before), ("after", after)):
    print(f"{side:6} median {data['medianCPUNanosPerAddress'] / 1000:6.1f} us CPU, "
          f"{data['medianWallNanosPerAddress'] / 1000:6.1f} us wall per unique address ({len(data['runs'])} runs)")
print(f"speedup {report['cpuSpeedup']:.1f}x CPU, {report['wallSpeedup']:.1f}x wall (goal <= 5 us) -> reports/symbolization-speed.json")
PY
