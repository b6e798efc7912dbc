#!/usr/bin/env python3
"""Summarizes scripts/gate-measure.sh runs into OUT.json: false alarms and detection rates.

Usage: gate-summary.py OUT RUNS TARGET FILTER ROUNDS (also works on a partial run).
"""
import json, sys, os, platform
out, runs, target, filt, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
# RUNS may name several folders (comma-separated), one per parallel job.
index = [dict(json.loads(line), runs=folder) for folder in runs.split(",") if os.path.exists(os.path.join(folder, "index.jsonl"))
         for line in open(os.path.join(folder, "index.jsonl"))]
flag = {"regressed", "improved", "appeared"}
by_size = {}
for entry in index:
    path = os.path.join(entry["runs"], f"inject-{entry['size']}pct-pair-{entry['pair']}.json")
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
        "job": entry["runs"], "pair": entry["pair"], "exit": entry["exit"], "seconds": entry["seconds"], "flagged": flagged,
        "loadAverage": entry.get("loadAverage"),
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
    "binary": os.environ.get("BUILD", "release"), "filter": filt, "target": target, "rounds": rounds, "cores": os.cpu_count(),
    "loadAverageAtEnd": os.getloadavg()[0], "summary": summary, "pairs": by_size,
}
tmp = out + ".json.tmp"
json.dump(result, open(tmp, "w"), indent=2, sort_keys=True)
os.replace(tmp, out + ".json")
for row in summary: print(row)
