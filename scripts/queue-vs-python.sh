#!/usr/bin/env bash
# The queue part of scripts/music-vs-python.sh on its own, in one job: our runner's queue benchmarks (release build,
# cpu/op, saved as reports/<version or sha>-queue-vs-python.json), then the Python anchors right after
# (Benchmarks/python/queue_python.py: collections.deque popleft + history append, append, insert/del in the middle,
# random.shuffle). Writes reports/queue-vs-python.json atomically (schemaVersion 1: per benchmark the Swift and
# Python seconds, their ratio, the issue-13 goal and whether it is met) and prints a table.
#
# Usage: scripts/queue-vs-python.sh [--quick]     Needs: python3.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:---quick}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

swift build -c release --product sonora >&2
bin="$(swift build -c release --show-bin-path)/sonora"
"$bin" bench run $mode --filter '^queue\.(next|append|insert|remove|move|shuffle|harness)\.' --no-profile \
  --save queue-vs-python >&2
python3 Benchmarks/python/queue_python.py > "$tmp/python-queue.json"

TMP="$tmp" python3 - <<'PY'
import datetime, glob, json, os, sys
sys.path.insert(0, "scripts")
from report_json import write_atomically
saved = sorted((p for p in glob.glob("reports/*-queue-vs-python*.json") if not p.endswith("/queue-vs-python.json")),
               key=os.path.getmtime)[-1]
swift = {b["name"]: b for b in json.load(open(saved))["benchmarks"]}
python = json.load(open(os.path.join(os.environ["TMP"], "python-queue.json")))["results"]
def goal_ns(name):
    op, size = name.split(".")[1:3]
    if op in ("next", "append"): return 20
    if op in ("insert", "remove", "move") and size == "10k": return 2000
    if op == "shuffle": return {"10k": 100_000, "100k": 1_500_000}.get(size)
    return None
rows = []
for name in sorted(swift):
    seconds = swift[name]["metrics"]["cpu"]["summary"]["median"] / 1e9
    row = {"name": name, "swiftSeconds": seconds,
           "harnessOverheadNanos": swift[name].get("harnessOverheadNanos")}
    if name in python:
        row.update(pythonSeconds=python[name], ratio=python[name] / seconds)
    if goal_ns(name) is not None:
        row.update(goalSeconds=goal_ns(name) / 1e9, met=seconds * 1e9 <= goal_ns(name))
    rows.append(row)
report = {"schemaVersion": 1, "swiftReport": saved,
          "measuredAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
          "note": "cpu per operation; the runner already subtracts its empty-operation cost (harnessOverheadNanos); "
                  "queue.harness.* is the queue suite's own remaining cost around one operation",
          "rows": rows}
write_atomically("reports/queue-vs-python.json", report)
print(f"{'benchmark':<20} {'swift':>10} {'python':>10} {'ratio':>8}  goal")
for r in rows:
    def fmt(s): return "" if s is None else (f"{s*1e9:.1f} ns" if s < 1e-6 else f"{s*1e6:.1f} us")
    goal = "" if "met" not in r else ("met" if r["met"] else "MISSED") + f" (<= {fmt(r['goalSeconds'])})"
    ratio = f"{r['ratio']:.1f}x" if "ratio" in r else ""
    print(f"{r['name']:<20} {fmt(r['swiftSeconds']):>10} {fmt(r.get('pythonSeconds')):>10} {ratio:>8}  {goal}")
PY
