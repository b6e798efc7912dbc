#!/usr/bin/env python3
"""What `sonora record -- true` adds to `true`, and where that time goes, interleaved in one job.

Each round runs every variant once, in a random order, and takes its wall time and its CPU time
(user + system, from the children's rusage). The parts:

  true          /usr/bin/true alone (the anchor)
  stub          true with libSonoraPreload.so loaded, SONORA_PROFILE unset
  agent         true with the library and SONORA_PROFILE set (agent, Foundation, session, write)
  version       sonora --version (sonora's own start-up and exit)
  record        sonora record -o FILE --top 10 -- true (the whole thing)
  record-auto   sonora record --top 10 -- true (default file name)

Reported per variant: the median over rounds of (variant - true) in ms, with a percentile-
bootstrap 95 % CI, for wall and CPU time. Wall time on a shared 2-core VM includes waiting
for the CPU; CPU time does not, so it is the steadier of the two.
With SONORA_BASELINE_BIN_DIR set, that build's agent and record run in the same rounds too, and
each is compared with this build's per round (median difference and ratio, with 95 % CIs).
Usage: scripts/record-startup.py [--rounds 40] [--out reports/record-startup.json]
"""
import argparse, json, os, random, resource, statistics, subprocess, sys, tempfile, time
import report_json

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--rounds", type=int, default=40)
parser.add_argument("--seed", type=int, default=2)
parser.add_argument("--out", default=os.path.join(root, "reports", "record-startup.json"))
args = parser.parse_args()
bin_dir = os.environ.get("SONORA_BIN_DIR", os.path.join(root, ".build", "release"))
sonora = os.path.join(bin_dir, "sonora")
library = os.path.join(bin_dir, "libSonoraPreload.so")
for path in (sonora, library, os.path.join(bin_dir, "libSonoraPreloadAgent.so")):
    if not os.path.exists(path):
        sys.exit(f"record-startup: {path} is missing; build the release products first")
work = tempfile.mkdtemp(prefix="record-startup-")
true = "/usr/bin/true"
clean = {k: v for k, v in os.environ.items() if not k.startswith("SONORA_") and k != "LD_PRELOAD"}
variants = {
    "true": ([true], clean),
    "stub": ([true], dict(clean, LD_PRELOAD=library)),
    "agent": ([true], dict(clean, LD_PRELOAD=library, SONORA_PROFILE=os.path.join(work, "agent.sonoraprofile"))),
    "version": ([sonora, "--version"], clean),
    "record": ([sonora, "record", "-o", os.path.join(work, "r.sonoraprofile"), "--", true], clean),
    "record-auto": ([sonora, "record", "--", true], clean),
}
# SONORA_BASELINE_BIN_DIR: another build's folder, whose agent and record run in the same rounds.
baseline = os.environ.get("SONORA_BASELINE_BIN_DIR")
if baseline:
    variants["agent-baseline"] = ([true], dict(clean, LD_PRELOAD=os.path.join(baseline, "libSonoraPreload.so"),
                                               SONORA_PROFILE=os.path.join(work, "agent-b.sonoraprofile")))
    variants["record-baseline"] = ([os.path.join(baseline, "sonora"), "record", "-o", os.path.join(work, "rb.sonoraprofile"),
                                    "--", true], clean)
rng = random.Random(args.seed)


def run(command, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


for name, (command, env) in variants.items():  # warm the page cache
    run(command, env)
load_before = os.getloadavg()
rows = []
for number in range(args.rounds):
    order = list(variants)
    rng.shuffle(order)
    row = {}
    for name in order:
        row[name] = run(*variants[name])
    rows.append(row)
    for leftover in os.listdir(work):
        if leftover.startswith("true-"):
            os.remove(os.path.join(work, leftover))

summary = {}
print(f"{'variant':12} {'wall ms':>9} {'added wall (95% CI)':>26} {'cpu ms':>8} {'added cpu (95% CI)':>24}")
for name in variants:
    wall = [row[name][0] for row in rows]
    cpu = [row[name][1] for row in rows]
    added_wall = [row[name][0] - row["true"][0] for row in rows]
    added_cpu = [row[name][1] - row["true"][1] for row in rows]
    wl, wh = report_json.median_ci(added_wall, rng, 5000)
    cl, ch = report_json.median_ci(added_cpu, rng, 5000)
    summary[name] = {"medianWallMs": round(statistics.median(wall), 2), "medianCpuMs": round(statistics.median(cpu), 2),
                     "minWallMs": round(min(wall), 2),
                     "addedWallMs": round(statistics.median(added_wall), 2), "addedWallCi95": [round(wl, 2), round(wh, 2)],
                     "addedCpuMs": round(statistics.median(added_cpu), 2), "addedCpuCi95": [round(cl, 2), round(ch, 2)]}
    s = summary[name]
    print(f"{name:12} {s['medianWallMs']:9.1f} {s['addedWallMs']:8.1f} ({wl:6.1f}..{wh:6.1f}) {s['medianCpuMs']:11.1f}"
          f" {s['addedCpuMs']:8.1f} ({cl:5.1f}..{ch:5.1f})")
paired = {}
for new, old in (("agent", "agent-baseline"), ("record", "record-baseline")):
    if old not in variants:
        continue
    for index, what in ((0, "wall"), (1, "cpu")):
        differences = [row[new][index] - row[old][index] for row in rows]
        ratios = [row[new][index] / row[old][index] for row in rows if row[old][index] > 0]
        dl, dh = report_json.median_ci(differences, rng, 5000)
        rl, rh = report_json.median_ci(ratios, rng, 5000)
        paired[f"{new}-{what}"] = {"medianDifferenceMs": round(statistics.median(differences), 2), "differenceCi95": [round(dl, 2), round(dh, 2)],
                                   "medianRatio": round(statistics.median(ratios), 3), "ratioCi95": [round(rl, 3), round(rh, 3)]}
        print(f"{new} vs {old}, {what}: {statistics.median(differences):+.2f} ms ({dl:+.2f}..{dh:+.2f}), "
              f"ratio {statistics.median(ratios):.3f} ({rl:.3f}..{rh:.3f}), paired per round")
print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}; {args.rounds} rounds")
report = {"schemaVersion": 1, "what": "sonora record -- true vs true, interleaved rounds, median of per-round differences",
          "rounds": args.rounds, "loadAverageBefore": list(load_before), "loadAverageAfter": list(os.getloadavg()),
          "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "summary": summary,
          "baseline": baseline, "pairedVsBaseline": paired, "perRound": rows}
report_json.write_atomically(args.out, report)
print(f"wrote {args.out}")
