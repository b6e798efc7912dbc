#!/usr/bin/env bash
# Side-by-side ratios of Sonora's music hot paths against the Python clients they replace, in one job:
# loadtracks parsing (lavalink.py LoadResult.from_dict(json.loads(body)), search and playlist at 10/100/1,000
# tracks), queue operations (collections.deque / random.shuffle), and corpus decode (lavalink.py decode_track).
# The Swift side is our runner (`sonora bench run`, release build, cpu/op); each Python anchor runs right after.
# Writes reports/music-vs-python.json atomically (schemaVersion 1: ratios, issue-13 goals, before/after against
# reports/22132aa-before-music.json) and prints a table. MUSIC_BENCH_MODE=--quick (default, the before's settings) or ''.
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

# Interleave: Swift parse/decode/load phases, Python parse, Swift queue, Python queue, Python decode.
# The runner's reports are saved in reports/ (--save) and also read from there for the ratios.
mode="${MUSIC_BENCH_MODE:---quick}"
# The runner reports are saved as reports/<sha>-<label>-track.json and -queue.json (MUSIC_REPORT_LABEL, default music).
label="${MUSIC_REPORT_LABEL:-music}"
"$bin" bench run $mode --filter '^track\.(parse\.|decode\.corpus|load\.)' --no-profile --save "$label-track" >&2
python3 Benchmarks/python/loadtracks_lavalink.py --corpus "$corpus" > "$tmp/python-parse.json"
"$bin" bench run $mode --filter '^queue\.(next|append|insert|remove|move|shuffle|harness)\.' --no-profile --save "$label-queue" >&2
python3 Benchmarks/python/queue_python.py > "$tmp/python-queue.json"
python3 Benchmarks/python/decode_lavalink.py --corpus "$corpus" --repetitions 5 > "$tmp/python-decode.json"

mkdir -p reports
TMP="$tmp" LABEL="$label" python3 - <<'PY'
import datetime, glob, json, os, platform, subprocess, tempfile
tmp = os.environ["TMP"]
def newest(label):
    # The report the runner just saved: reports/<version or sha>-<label>[-N].json, newest first.
    paths = sorted(glob.glob(f"reports/*-{label}*.json"), key=os.path.getmtime)
    return paths[-1]
saved = [newest(os.environ["LABEL"] + "-track"), newest(os.environ["LABEL"] + "-queue")]
swift = {}
for path in saved:
    for result in json.load(open(path))["benchmarks"]:
        swift[result["name"]] = result
def cpu_seconds(row):
    # The runner's median CPU time per operation.
    return row["metrics"]["cpu"]["summary"]["median"] / 1e9
before = {b["name"]: b for b in json.load(open("reports/22132aa-before-music.json"))["benchmarks"]}
py_parse = json.load(open(os.path.join(tmp, "python-parse.json")))["results"]
py_queue = json.load(open(os.path.join(tmp, "python-queue.json")))["results"]
pd = json.load(open(os.path.join(tmp, "python-decode.json")))
# Absolute goals from issue 13 (nanoseconds of CPU per operation).
def goal_ns(name):
    op, size = name.split(".")[1:3]
    if op in ("next", "append"): return 20
    if op in ("insert", "remove", "move") and size == "10k": return 2000
    if op == "shuffle" and size == "10k": return 100_000
    if op == "shuffle" and size == "100k": return 1_500_000
    return None
rows = []
for name in sorted(swift):
    s = cpu_seconds(swift[name])
    row = {"name": name, "swiftSeconds": s}
    python = py_parse.get(name, {}).get("seconds") if name.startswith("track.parse") else py_queue.get(name)
    if python is not None:
        row.update(pythonSeconds=python, ratio=python / s)
    if name.startswith("track.parse"):
        row.update(goalRatio=10.0, met=row["ratio"] >= 10.0)
    if name.startswith("queue.") and goal_ns(name) is not None:
        row.update(goalSeconds=goal_ns(name) / 1e9, met=s * 1e9 <= goal_ns(name))
    if name in before:
        b = cpu_seconds(before[name])
        row.update(beforeSeconds=b, speedup=b / s)
    rows.append(row)
decode = cpu_seconds(swift["track.decode.corpus"]) / pd["tracks"]
python_decode = pd["bestSeconds"] / pd["tracks"]
for size in ("100", "10k", "100k"):
    # next() without the benchmark's own cost around it (queue pick, inout access, keeping the result alive).
    n, h = swift.get(f"queue.next.{size}"), swift.get(f"queue.harness.{size}")
    if n and h:
        s = cpu_seconds(n) - cpu_seconds(h)
        rows.append({"name": f"queue.next.{size} minus queue.harness.{size}", "swiftSeconds": s,
                     "note": "information only: the goal applies to queue.next itself"})
rows.append({"name": "track.decode.corpus (per track)", "swiftSeconds": decode, "pythonSeconds": python_decode,
             "ratio": python_decode / decode, "goalRatio": 50.0, "met": python_decode / decode >= 50.0})
sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
report = {
    "schemaVersion": 1,
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "git": sha,
    "machine": {"system": platform.system(), "machine": platform.machine(), "cpus": os.cpu_count(), "loadAverage": os.getloadavg()},
    "note": "CPU time per operation on both sides (the machine is shared): Swift = sonora bench run median cpu/op "
            "(release); Python = best batch mean of time.process_time(); run back to back in one job. before = "
            "reports/22132aa-before-music.json (same quick settings, code before the music work).",
    "runnerReports": saved,
    "lavalinkVersion": json.load(open(os.path.join(tmp, "python-parse.json"))).get("lavalinkVersion"),
    "rows": rows,
}
fd, path = tempfile.mkstemp(dir="reports", prefix=".music-vs-python.", suffix=".tmp")
with os.fdopen(fd, "w") as f:
    json.dump(report, f, indent=2)
    f.write("\n")
os.replace(path, "reports/music-vs-python.json")
def ns(v): return f"{v*1e9:11.1f}" if v is not None else " " * 11
print(f"{'benchmark':34} {'swift ns':>11} {'python ns':>11} {'ratio':>8} {'before ns':>11} {'speedup':>8}  goal")
for r in rows:
    goal = f">= {r['goalRatio']:.0f}x" if "goalRatio" in r else (f"<= {r['goalSeconds']*1e9:.0f} ns" if "goalSeconds" in r else "")
    if "met" in r: goal += " met" if r["met"] else " MISSED"
    ratio = f"{r['ratio']:7.1f}x" if "ratio" in r else " " * 8
    speed = f"{r['speedup']:7.1f}x" if "speedup" in r else " " * 8
    print(f"{r['name']:34} {ns(r['swiftSeconds'])} {ns(r.get('pythonSeconds'))} {ratio} {ns(r.get('beforeSeconds'))} {speed}  {goal}")
print("-> reports/music-vs-python.json; runner reports: " + ", ".join(saved))
PY
