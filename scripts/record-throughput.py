#!/usr/bin/env python3
"""What the preload library costs a server's throughput, resolved to about 1 %, in one job.

A server with no Sonora code (PlainNIOServer, SwiftNIO, by default; `--server hummingbird` uses
Examples/HummingbirdServer, the Hummingbird server the issue names; see scripts/record_server.py)
runs `GET /work?n=2000` under wrk in three variants: `none` (no library), `unset` (libSonoraPreload.so loaded, SONORA_PROFILE unset) and
`profiled` (a 100 Hz CPU session). Each round starts a fresh server per variant, in a random order,
lets wrk warm it up, then measures req/s for a few seconds. The statistic is the per-round ratio
variant / none (paired, so slow drifts of the machine's load cancel), summarised by its median
with a percentile-bootstrap 95 % confidence interval. Beside req/s it reports requests per CPU
second of the server (all its threads, the sampler's included, from /proc/PID/task/*/schedstat):
on a machine other jobs keep busy, req/s measures the CPU share the scheduler gave the server as
much as the server, while requests per CPU second measures the cost of a request.

Usage: scripts/record-throughput.py [--rounds 30] [--seconds 2] [--warmup 1] [--pin]
       [--server plainnio|hummingbird|PATH] [--no-build] [--out reports/record-overhead.json]
Build first: swift build -c release --product PlainNIOServer / SonoraPreload / SonoraPreloadAgent
(--server hummingbird builds its own package in release unless --no-build).
--pin runs the server on CPU 0 and wrk on CPU 1 (sched_setaffinity before exec), so they do not trade places.
"""
import argparse, json, os, random, re, signal, statistics, subprocess, sys, tempfile, time
import record_server, report_json

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--rounds", type=int, default=30)
parser.add_argument("--seconds", type=int, default=2)
parser.add_argument("--warmup", type=int, default=1)
parser.add_argument("--frequency", type=int, default=100)
parser.add_argument("--pin", action="store_true")
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--out", default=None,
                    help="default reports/record-overhead.json, or record-overhead-hummingbird.json with --server hummingbird")
record_server.add_arguments(parser)
args = parser.parse_args()
if args.out is None:
    suffix = "-hummingbird" if args.server == "hummingbird" else ""
    args.out = os.path.join(root, "reports", f"record-overhead{suffix}.json")

bin_dir = os.environ.get("SONORA_BIN_DIR", os.path.join(root, ".build", "release"))
library = os.path.join(bin_dir, "libSonoraPreload.so")
for path in (library, os.path.join(bin_dir, "libSonoraPreloadAgent.so")):
    if not os.path.exists(path):
        sys.exit(f"record-throughput: {path} is missing; build the release products first")
server_path, server_description = record_server.resolve(args, bin_dir, "record-throughput")
work = tempfile.mkdtemp(prefix="record-throughput-")
rng = random.Random(args.seed)
variants = ["none", "unset", "profiled"]


def pin(cpu):
    """Runs in the child before exec (not `taskset`, which LD_PRELOAD would profile instead)."""
    return (lambda: os.sched_setaffinity(0, {cpu})) if args.pin else None


def measure(variant, round_number):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SONORA_") and k != "LD_PRELOAD"}
    if variant != "none":
        env["LD_PRELOAD"] = library
    if variant == "profiled":
        env["SONORA_PROFILE"] = os.path.join(work, f"p-{round_number}.sonoraprofile")
        env["SONORA_PROFILE_FREQUENCY"] = str(args.frequency)
    server = subprocess.Popen([server_path, "0"], env=env, preexec_fn=pin(0),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline().split()[1])
        url = f"http://127.0.0.1:{port}/work?n=2000"
        wrk = lambda seconds: subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", url], preexec_fn=pin(1),
                                             capture_output=True, text=True, check=True).stdout
        wrk(args.warmup)
        cpu_before = server_cpu_ns(server.pid)
        output = wrk(args.seconds)
        cpu_used = server_cpu_ns(server.pid) - cpu_before
        # Counted under load, after the measurement: a server's thread pools (libdispatch's workers in
        # Hummingbird's) are still starting when it prints its port.
        threads = int(re.search(r"^Threads:\s+(\d+)", open(f"/proc/{server.pid}/status").read(), re.M).group(1))
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        requests = int(re.search(r"(\d+) requests in", output).group(1))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    if variant == "profiled" and not os.path.exists(env["SONORA_PROFILE"]):
        sys.exit(f"record-throughput: the profiled server wrote no profile (stderr: {server.stderr.read()})")
    return rps, threads, requests / (cpu_used / 1e9)


def server_cpu_ns(pid):
    """CPU time of every thread of the server so far (schedstat, nanoseconds), sampler included."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            total += int(open(f"/proc/{pid}/task/{task}/schedstat").read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


load_before = os.getloadavg()
rounds = []
started = time.time()
for number in range(1, args.rounds + 1):
    order = variants[:]
    rng.shuffle(order)
    row = {"round": number, "order": order, "load1": os.getloadavg()[0]}
    for variant in order:
        rps, threads, per_cpu = measure(variant, number)
        row[variant] = rps
        row[variant + "Threads"] = threads
        row[variant + "PerCpuSecond"] = per_cpu
    rounds.append(row)
    print(f"round {number:2}: " + "  ".join(f"{v} {row[v]:8.0f}" for v in variants)
          + f"  unset/none {row['unset'] / row['none']:.3f}  profiled/none {row['profiled'] / row['none']:.3f}"
          + f"  per CPU s: {row['unset' + 'PerCpuSecond'] / row['nonePerCpuSecond']:.3f} {row['profiledPerCpuSecond'] / row['nonePerCpuSecond']:.3f}"
          + f"  load {row['load1']:.2f}", flush=True)

summary = {}
for variant in ("unset", "profiled"):
    ratios = [row[variant] / row["none"] for row in rounds]
    low, high = report_json.median_ci(ratios, rng)
    efficiency = [row[variant + "PerCpuSecond"] / row["nonePerCpuSecond"] for row in rounds]
    elow, ehigh = report_json.median_ci(efficiency, rng)
    summary[variant] = {"medianRatio": round(statistics.median(ratios), 4), "ci95": [round(low, 4), round(high, 4)],
                        "geometricMeanRatio": round(statistics.geometric_mean(ratios), 4),
                        "requestsPerCpuSecondMedianRatio": round(statistics.median(efficiency), 4),
                        "requestsPerCpuSecondCi95": [round(elow, 4), round(ehigh, 4)],
                        "threads": sorted({row[variant + "Threads"] for row in rounds})}
    print(f"{variant}/none: req/s median {summary[variant]['medianRatio']:.4f}, 95% CI {low:.4f}..{high:.4f}, "
          f"geometric mean {summary[variant]['geometricMeanRatio']:.4f}; requests per server CPU second "
          f"median {statistics.median(efficiency):.4f}, 95% CI {elow:.4f}..{ehigh:.4f}; threads {summary[variant]['threads']}")
print(f"none: threads {sorted({row['noneThreads'] for row in rounds})}; load average before {load_before[0]:.2f}, "
      f"after {os.getloadavg()[0]:.2f}; {time.time() - started:.0f} s")

report = {
    "schemaVersion": 1,
    "what": "GET /work?n=2000 under wrk -t2 -c32; variant req/s over no-library req/s, paired per round",
    "server": server_description,
    "frequencyHz": args.frequency, "rounds": args.rounds, "secondsPerRun": args.seconds, "warmupSeconds": args.warmup,
    "pinned": args.pin, "loadAverageBefore": list(load_before), "loadAverageAfter": list(os.getloadavg()),
    "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "summary": summary, "perRound": rounds,
}
report_json.write_atomically(args.out, report)
print(f"wrote {args.out}")
