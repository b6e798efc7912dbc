#!/usr/bin/env python3
"""Per-loaded-object CPU attribution: the preload library vs `perf record -e cpu-clock -g`.

Runs a release server with no Sonora code (PlainNIOServer by default; `--server hummingbird` uses
Examples/HummingbirdServer, see scripts/record_server.py) under the preload library (CPU mode, 100 Hz), loads it with wrk,
and records the same process with perf at the same time. Each sample is charged to the object
of its leaf frame; perf's kernel samples are charged to the first user-space frame of their
call chain (the libc wrapper that entered the kernel), as our CPU timer charges them. Our own
threads (sonora-*) are left out of perf's count, since the sampler never samples itself.
Prints both shares per object and the largest difference in points.
Also prints, per object, the standard error of the difference (binomial, both sample counts),
so a run can say whether a gap is larger than its own sampling noise.
Usage: scripts/record-attribution.py [SECONDS] [FREQUENCY] [--server plainnio|hummingbird|PATH]
       [--no-build] [--out FILE.json] [--detail OBJECT]
(defaults 10 s, 100 Hz; perf samples at max(250, FREQUENCY) Hz; build the release products first:
swift build -c release --product PlainNIOServer, SonoraPreload and SonoraPreloadAgent; --out also
writes the shares as JSON, atomically, appending a run to the file's "runs"; --detail libc.so.6
also compares the leaf functions within one object)
"""
import argparse, collections, json, os, signal, subprocess, sys, tempfile, time
import record_server, report_json

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("seconds", nargs="?", type=int, default=10)
parser.add_argument("frequency", nargs="?", type=int, default=100)
parser.add_argument("--out", help="also write the result as JSON to this file")
parser.add_argument("--detail", metavar="OBJECT", help="also compare the leaf functions within this object (e.g. libc.so.6)")
record_server.add_arguments(parser)
args = parser.parse_args()
seconds, frequency = args.seconds, args.frequency
if seconds < 2 or frequency < 1:
    sys.exit(f"record-attribution: SECONDS must be at least 2 (got {seconds}) and FREQUENCY at least 1 (got {frequency})")
bin_dir = os.environ.get("SONORA_BIN_DIR", os.path.join(root, ".build", "release"))
server_path, server_description = record_server.resolve(args, bin_dir, "record-attribution")
work = tempfile.mkdtemp()
profile_path = os.path.join(work, "server.sonoraprofile")
env = dict(os.environ, LD_PRELOAD=os.path.join(bin_dir, "libSonoraPreload.so"),
           SONORA_PROFILE=profile_path, SONORA_PROFILE_FREQUENCY=str(frequency))
server = subprocess.Popen([server_path, "0"], env=env, stdout=subprocess.PIPE, text=True)
port = int(server.stdout.readline().split()[1])
data = os.path.join(work, "perf.data")
perf = subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock", "-g", "-F", str(max(250, frequency)), "-p", str(server.pid), "-o", data,
                         "--", "sleep", str(seconds)], stderr=subprocess.DEVNULL)
time.sleep(0.3)
subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds - 1}s", f"http://127.0.0.1:{port}/work?n=2000"], stdout=subprocess.DEVNULL)
perf.wait()
server.send_signal(signal.SIGTERM)
server.wait()

def base(name):
    return os.path.basename(name.strip("()")) if name else "?"

ours, our_functions = collections.Counter(), collections.Counter()
profile = json.load(open(profile_path))
for sample in profile["samples"]:
    leaf = profile["frames"][sample["stack"][0]]
    ours[base(leaf.get("module", "?"))] += sample.get("weight", 1)
    if base(leaf.get("module", "?")) == args.detail:
        our_functions[leaf.get("function", "?")] += sample.get("weight", 1)

theirs, their_functions = collections.Counter(), collections.Counter()
script = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,ip,sym,dso"], capture_output=True, text=True).stdout
for block in script.split("\n\n"):
    lines = [line for line in block.strip().split("\n") if line.strip()]
    if not lines or lines[0].lstrip().startswith("sonora-"):
        continue
    for frame in lines[1:]:
        dso = base(frame.split()[-1])
        if dso not in ("kernel.kallsyms]", "[kernel.kallsyms]", "kallsyms]") and "kernel" not in dso:
            theirs[dso] += 1
            if dso == args.detail:
                fields = frame.split()
                their_functions[" ".join(fields[1:-1]).split("+")[0] or "?"] += 1
            break

total_ours, total_theirs = sum(ours.values()), sum(theirs.values())
objects = sorted(set(ours) | set(theirs), key=lambda o: -(ours[o] / max(total_ours, 1) + theirs[o] / max(total_theirs, 1)))
worst = 0.0
rows = []
load = os.getloadavg()
print(f"{'object':40} {'sonora %':>9} {'perf %':>9} {'diff':>6} {'SE':>5}   ({total_ours} vs {total_theirs} samples, {frequency} Hz)")
for obj in objects:
    a, b = 100 * ours[obj] / max(total_ours, 1), 100 * theirs[obj] / max(total_theirs, 1)
    worst = max(worst, abs(a - b))
    if a >= 0.5 or b >= 0.5:
        p = (ours[obj] + theirs[obj]) / max(total_ours + total_theirs, 1)
        se = 100 * (p * (1 - p) * (1 / max(total_ours, 1) + 1 / max(total_theirs, 1))) ** 0.5
        print(f"{obj[:40]:40} {a:9.2f} {b:9.2f} {a - b:6.2f} {se:5.2f}")
        rows.append({"object": obj, "sonoraPercent": round(a, 2), "perfPercent": round(b, 2),
                     "differencePoints": round(a - b, 2), "standardErrorPoints": round(se, 2)})
print(f"largest difference: {worst:.2f} points; load average {load[0]:.2f}")
if args.detail:
    print(f"leaf functions in {args.detail}, % of all samples (ours / perf's; perf's kernel samples at the wrapper):")
    names = sorted(set(our_functions) | set(their_functions),
                   key=lambda n: -(our_functions[n] / max(total_ours, 1) + their_functions[n] / max(total_theirs, 1)))
    for name in names[:15]:
        print(f"  {100 * our_functions[name] / max(total_ours, 1):6.2f} {100 * their_functions[name] / max(total_theirs, 1):6.2f}  {name[:90]}")
if args.out:
    result = {"schemaVersion": 1, "server": server_description, "seconds": seconds, "frequencyHz": frequency,
              "perfFrequencyHz": max(250, frequency), "sonoraSamples": total_ours, "perfSamples": total_theirs,
              "largestDifferencePoints": round(worst, 2), "loadAverage": list(load),
              "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "objects": rows}
    runs = []
    if os.path.exists(args.out):
        try:
            previous = json.load(open(args.out))
        except ValueError:
            sys.exit(f"record-attribution: {args.out} is not JSON; not overwriting it")
        runs = previous.get("runs", []) if isinstance(previous, dict) else []
    report_json.write_atomically(args.out, {"schemaVersion": 1, "runs": runs + [result]})
    print(f"added a run to {args.out}")
