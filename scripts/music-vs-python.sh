#!/usr/bin/env bash
# Side-by-side ratios of Sonora's music hot paths against the Python clients they replace, in one job:
# loadtracks parsing (lavalink.py LoadResult.from_dict(json.loads(body)), search and playlist at 10/100/1,000
# tracks), queue operations (collections.deque / random.shuffle), and corpus decode (lavalink.py decode_track).
# The Swift side is our runner (`sonora bench run`, release build, cpu/op); each Python anchor runs right after.
# Writes reports/music-vs-python.json atomically (schemaVersion 1) and prints a table.
#
# Usage: scripts/music-vs-python.sh        Needs: python3 with `pip install lavalink`.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=Benchmarks/Data/encoded-tracks-corpus-lptrack.jsonl
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "building sonora (release)..." >&2
swift build -c release --product sonora >&2
bin="$(swift build -c release --show-bin-path)/sonora"

# Interleave: Swift parse, Python parse, Swift queue, Python queue, Swift decode, Python decode.
"$bin" bench run --filter '^track\.(parse\.|decode\.corpus)' --no-profile --save music-vs-python-parse --reports-directory "$tmp" >&2
python3 Benchmarks/python/loadtracks_lavalink.py --corpus "$corpus" > "$tmp/python-parse.json"
"$bin" bench run --filter '^queue\.(next|append|insert|remove|move|shuffle)\.' --no-profile --save music-vs-python-queue \
  --reports-directory "$tmp" >&2
python3 Benchmarks/python/queue_python.py > "$tmp/python-queue.json"
python3 Benchmarks/python/decode_lavalink.py --corpus "$corpus" --repetitions 5 > "$tmp/python-decode.json"

mkdir -p reports
TMP="$tmp" python3 - <<'PY'
import datetime, glob, json, os, platform, tempfile
tmp = os.environ["TMP"]
def swift_rows(pattern):
    rows = {}
    for path in glob.glob(os.path.join(tmp, pattern)):
        report = json.load(open(path))
        for result in report["benchmarks"]:
            rows[result["name"]] = result
    return rows
def cpu_seconds(row):
    # The runner's median CPU time per operation.
    return row["metrics"]["cpu"]["summary"]["median"] / 1e9
swift = swift_rows("*.json")
py_parse = json.load(open(os.path.join(tmp, "python-parse.json")))["results"]
py_queue = json.load(open(os.path.join(tmp, "python-queue.json")))["results"]
pd = json.load(open(os.path.join(tmp, "python-decode.json")))
rows = []
for name, python in sorted({**{k: v["seconds"] for k, v in py_parse.items()}, **py_queue}.items()):
    if name not in swift:
        continue
    s = cpu_seconds(swift[name])
    goal = 10.0 if name.startswith("track.parse") else None
    rows.append({"name": name, "swiftSeconds": s, "pythonSeconds": python, "ratio": python / s, "goalRatio": goal})
decode = cpu_seconds(swift["track.decode.corpus"]) / pd["tracks"]
python_decode = pd["bestSeconds"] / pd["tracks"]
rows.append({"name": "track.decode.corpus (per track)", "swiftSeconds": decode, "pythonSeconds": python_decode,
             "ratio": python_decode / decode, "goalRatio": 50.0})
report = {
    "schemaVersion": 1,
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": {"system": platform.system(), "machine": platform.machine(), "cpus": os.cpu_count(), "loadAverage": os.getloadavg()},
    "note": "CPU time per operation on both sides (the machine is shared): Swift = sonora bench run median cpu/op (release); Python = best batch mean of time.process_time(); run back to back in one job",
    "rows": rows,
}
fd, path = tempfile.mkstemp(dir="reports", prefix=".music-vs-python.", suffix=".tmp")
with os.fdopen(fd, "w") as f:
    json.dump(report, f, indent=2)
    f.write("\n")
os.replace(path, "reports/music-vs-python.json")
print(f"{'benchmark':34} {'swift':>12} {'python':>12} {'ratio':>8}  goal")
for r in rows:
    goal = f">= {r['goalRatio']:.0f}x" if r["goalRatio"] else ""
    print(f"{r['name']:34} {r['swiftSeconds']*1e9:10.0f}ns {r['pythonSeconds']*1e9:10.0f}ns {r['ratio']:7.1f}x  {goal}")
print("-> reports/music-vs-python.json")
PY
