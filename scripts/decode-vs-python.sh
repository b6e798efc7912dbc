#!/usr/bin/env bash
# Compare TrackCodec.decode (Swift, release build) with lavalink.py's decode_track on the 6,591-track corpus,
# in one run, and write reports/decode-vs-python.json (atomically; schemaVersion 1).
#
# The Swift side is the `track.decode.corpus` benchmark (one op = the whole corpus) run by Sonora's own
# runner (`sonora bench run`, fresh processes, its versioned report kept in reports/); the median per op is
# compared with the best of lavalink.py's passes.
#
# Usage: scripts/decode-vs-python.sh [python-repetitions=5]
# Needs: python3 with `pip install lavalink`.
set -euo pipefail
cd "$(dirname "$0")/.."
python_reps="${1:-5}"
corpus=Benchmarks/Data/encoded-tracks-corpus-lptrack.jsonl

echo "building sonora (release)..." >&2
swift build -c release --product sonora >&2
bin="$(swift build -c release --show-bin-path)/sonora"

"$bin" bench run --no-profile --filter '^track\.decode\.corpus$' decode >&2
swift_report="$(ls -t reports/*-decode*.json | head -1)"
tracks="$(grep -c . "$corpus")"
swift_json="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); b=r["benchmarks"][0]; m=b["metrics"]["wall"]["summary"]["median"]
print(json.dumps({"report": sys.argv[1], "tracks": int(sys.argv[2]), "failures": 0 if b["status"] == "ok" else int(sys.argv[2]), "bestSeconds": m / 1e9, "statistic": "median per op over the runner'"'"'s processes", "nsPerTrack": m / int(sys.argv[2]), "processes": len(b.get("processes") or [])}))' "$swift_report" "$tracks")"
python_json="$(python3 Benchmarks/python/decode_lavalink.py --corpus "$corpus" --repetitions "$python_reps")"

mkdir -p reports
SWIFT_JSON="$swift_json" PYTHON_JSON="$python_json" python3 - <<'PY'
import datetime, json, os, platform, subprocess, tempfile
swift = json.loads(os.environ["SWIFT_JSON"])
python = json.loads(os.environ["PYTHON_JSON"])
ratio = python["bestSeconds"] / swift["bestSeconds"]
swift_version = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
report = {
    "schemaVersion": 1,
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": {"system": platform.system(), "machine": platform.machine(), "cpus": os.cpu_count(),
                "loadAverage": os.getloadavg()},
    "corpus": "Benchmarks/Data/encoded-tracks-corpus-lptrack.jsonl",
    "swift": {**swift, "toolchain": swift_version, "build": "release"},
    "python": {**python, "python": platform.python_version()},
    "ratio": ratio,
    "goal": 50,
    "meetsGoal": ratio >= 50,
}
fd, tmp = tempfile.mkstemp(dir="reports", prefix=".decode-vs-python.", suffix=".tmp")
with os.fdopen(fd, "w") as f:
    json.dump(report, f, indent=2)
    f.write("\n")
os.replace(tmp, "reports/decode-vs-python.json")
print(f"swift  {swift['nsPerTrack']:9.0f} ns/track  ({swift['tracks']} tracks, median of the runner, {swift['processes']} processes, {swift['report']})")
print(f"python {python['nsPerTrack']:9.0f} ns/track  ({python['tracks']} tracks, {python['failures']} failures, best of {python['repetitions']}, lavalink {python['lavalinkVersion']})")
print(f"ratio  {ratio:.1f}x  (goal >= 50x)  -> reports/decode-vs-python.json")
PY
