#!/usr/bin/env bash
# Cold symbolization per address: Sonora against the symbolizers Google's pprof runs (llvm-symbolizer from the
# Swift toolchain, binutils addr2line), rounds interleaved in one job. The Swift side is our runner
# (`sonora bench run --filter '^symbolize\.cold\.5k$'`, one fresh process a round, CPU per operation / 5,000);
# the anchors are Benchmarks/python/symbolize_anchor.py on the same shape (5,000 addresses, one per function,
# over the objects `sonora` loads; see that file for how close the two lists are). Writes
# reports/<short sha>-symbolization-vs-llvm[-N].json atomically (-2, -3, ... when taken, never overwritten) and
# prints a table.
#
# Usage: scripts/symbolization-vs-llvm.sh [rounds=3]        Needs: python3, readelf, ldd.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "building sonora (release)..." >&2
swift build -c release --product sonora >&2
bin="$(swift build -c release --show-bin-path)/sonora"

for round in $(seq 1 "$rounds"); do
    echo "round $round of $rounds: sonora" >&2
    "$bin" bench run --filter '^symbolize\.cold\.5k$' --no-profile --processes 1 \
        --reports-directory "$tmp/sonora-$round" >&2
    echo "round $round of $rounds: llvm-symbolizer, addr2line" >&2
    python3 Benchmarks/python/symbolize_anchor.py --binary "$bin" > "$tmp/anchor-$round.json"
done

mkdir -p reports
TMP="$tmp" ROUNDS="$rounds" python3 - <<'PY'
import datetime, glob, json, os, platform, statistics, subprocess, tempfile
tmp, rounds = os.environ["TMP"], int(os.environ["ROUNDS"])
per_round = []
for round in range(1, rounds + 1):
    (path,) = glob.glob(f"{tmp}/sonora-{round}/*.json")
    (row,) = [b for b in json.load(open(path))["benchmarks"] if b["name"] == "symbolize.cold.5k"]
    sonora_us = row["metrics"]["cpu"]["summary"]["median"] / 1e3 / 5000
    anchor = json.load(open(f"{tmp}/anchor-{round}.json"))
    tools = {}
    for name, tool in anchor["tools"].items():
        us = tool["run"]["cpuSeconds"] * 1e6 / tool["run"]["answers"]
        tools[name] = {"cpuMicrosPerAddress": us, "timesSonora": us / sonora_us, "startupCPUSeconds": tool["startup"]["cpuSeconds"],
                       "named": tool["run"]["named"], "withLine": tool["run"]["withLine"], "addresses": tool["run"]["answers"]}
    per_round.append({"round": round, "sonoraCPUMicrosPerAddress": sonora_us, "tools": tools})
names = list(per_round[0]["tools"])
summary = {name: {"timesSonoraMedian": statistics.median(r["tools"][name]["timesSonora"] for r in per_round),
                  "timesSonoraRange": [min(r["tools"][name]["timesSonora"] for r in per_round),
                                       max(r["tools"][name]["timesSonora"] for r in per_round)]} for name in names}
head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
report = {
    "schemaVersion": 1,
    "what": "cold symbolization, CPU per address: sonora symbolize.cold.5k (runner, median of one process) against "
            "llvm-symbolizer and addr2line on the same shape (Benchmarks/python/symbolize_anchor.py), rounds interleaved",
    "commit": head, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "host": platform.node(), "loadAverage": os.getloadavg(), "rounds": per_round, "summary": summary,
    "goal": {"sonoraMicrosPerAddress": 5.0, "source": "issue 13"},
}
fd, path = tempfile.mkstemp(dir="reports", prefix=".symbolization-vs-llvm.")
with os.fdopen(fd, "w") as out:
    json.dump(report, out, indent=2)
    out.write("\n")
stem = f"reports/{head or 'unversioned'}-symbolization-vs-llvm"
target, n = f"{stem}.json", 1
while True:
    try:
        os.link(path, target)  # fails when taken, so an earlier run is never replaced
        break
    except FileExistsError:
        n += 1
        target = f"{stem}-{n}.json"
os.unlink(path)
print(f"{'round':>5}  {'sonora µs/addr':>14}  " + "  ".join(f"{n[:30]:>30}" for n in names))
for r in per_round:
    cells = "  ".join(f"{r['tools'][n]['cpuMicrosPerAddress']:>10.1f} µs ({r['tools'][n]['timesSonora']:>5.1f}×)".rjust(30) for n in names)
    print(f"{r['round']:>5}  {r['sonoraCPUMicrosPerAddress']:>14.2f}  {cells}")
print(f"saved {target}")
PY
