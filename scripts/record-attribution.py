#!/usr/bin/env python3
"""Per-loaded-object CPU attribution: the preload library vs `perf record -e cpu-clock -g`.

Runs a release server with no Sonora code (PlainNIOServer by default; `--server hummingbird` uses
Examples/HummingbirdServer, see scripts/record_server.py) under the preload library (CPU mode, 100 Hz), loads it with wrk,
and records the same process with perf at the same time. Each sample is charged to the object
of its leaf frame; perf's kernel samples are charged to the first user-space frame of their
call chain (the libc wrapper that entered the kernel), as our CPU timer charges them. Our own
threads (sonora-*) are left out of perf's count, since the sampler never samples itself.
Prints both shares per object and the largest difference in points.
Also prints, per object, the standard error of the difference (ours from our samples' weights,
i.e. their effective number; perf's binomial), so a run can say whether a gap is larger than its
own sampling noise; each thread's share on both sides; how much of the CPU time the kernel
charged the threads (schedstat) perf's samples cover; and "perf + switch" columns, which add
each thread's uncovered time where it switched out (a few seconds of sched:sched_switch -g).
The raw data stay in a temporary folder (printed); --reuse DIR analyses them again.
With --ticks it also records every scheduler tick in the server's threads (scripts/record_ticks.py),
the only place the kernel checks a CPU timer, and prints each object's share of them (all, and
those not taken at a context switch-in) beside ours and perf's.
Usage: scripts/record-attribution.py [SECONDS] [FREQUENCY] [--server plainnio|hummingbird|PATH]
       [--no-build] [--out FILE.json] [--detail OBJECT] [--ticks]
(defaults 10 s, 100 Hz; perf samples at max(250, FREQUENCY) Hz; build the release products first:
swift build -c release --product PlainNIOServer, SonoraPreload and SonoraPreloadAgent; --out also
writes the shares as JSON, atomically, appending a run to the file's "runs"; --detail libc.so.6
also compares the leaf functions within one object)
"""
import argparse, collections, json, os, signal, subprocess, sys, tempfile, time
import record_server, record_ticks, report_json

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("seconds", nargs="?", type=int, default=10)
parser.add_argument("frequency", nargs="?", type=int, default=100)
parser.add_argument("--out", help="also write the result as JSON to this file")
parser.add_argument("--reuse", metavar="DIR", help="analyse the profile and perf.data a previous run left in DIR instead of running")
parser.add_argument("--detail", metavar="OBJECT", help="also compare the leaf functions within this object (e.g. libc.so.6)")
parser.add_argument("--ticks", action="store_true",
                    help="also record where the scheduler tick lands in the server's threads (the only place the kernel checks "
                         "a CPU timer), with the tick's hrtimer tracepoint and call chains")
record_server.add_arguments(parser)
args = parser.parse_args()
seconds, frequency = args.seconds, args.frequency
if seconds < 2 or frequency < 1:
    sys.exit(f"record-attribution: SECONDS must be at least 2 (got {seconds}) and FREQUENCY at least 1 (got {frequency})")


def thread_cpu_ns(pid):
    """{tid: (name, CPU ns)} of the process's threads, from /proc/PID/task/TID/schedstat (the
    kernel's own account, the one per-thread CPU timers count against)."""
    result = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            result[int(tid)] = (name, int(open(f"/proc/{pid}/task/{tid}/schedstat").read().split()[0]))
        except (OSError, ValueError, IndexError):
            pass
    return result


cpu_before = cpu_after = {}
bin_dir = os.environ.get("SONORA_BIN_DIR", os.path.join(root, ".build", "release"))
if args.reuse:
    work, server_description = args.reuse, f"(re-analysed from {args.reuse})"
    profile_path, data = os.path.join(work, "server.sonoraprofile"), os.path.join(work, "perf.data")
    switch_data, ticks_data = os.path.join(work, "switch.data"), os.path.join(work, "ticks.data")
    if os.path.exists(os.path.join(work, "cpu.json")):
        saved = json.load(open(os.path.join(work, "cpu.json")))
        cpu_before, cpu_after = ({int(t): tuple(v) for t, v in saved[k].items()} for k in ("before", "after"))
else:
    server_path, server_description = record_server.resolve(args, bin_dir, "record-attribution")
    work = tempfile.mkdtemp(prefix="record-attribution-")
    print(f"raw data (profile, perf.data) in {work}", file=sys.stderr)
    profile_path = os.path.join(work, "server.sonoraprofile")
    env = dict(os.environ, LD_PRELOAD=os.path.join(bin_dir, "libSonoraPreload.so"),
               SONORA_PROFILE=profile_path, SONORA_PROFILE_FREQUENCY=str(frequency))
    server = subprocess.Popen([server_path, "0"], env=env, stdout=subprocess.PIPE, text=True)
    port = int(server.stdout.readline().split()[1])
    data, switch_data = os.path.join(work, "perf.data"), os.path.join(work, "switch.data")
    ticks_data, ticks = os.path.join(work, "ticks.data"), None
    if args.ticks:
        ticks = record_ticks.start(server.pid, seconds, ticks_data)
        if ticks is None:
            print("record-attribution: --ticks: no tick_nohz_handler/tick_sched_timer in /proc/kallsyms; not recording ticks",
                  file=sys.stderr)
    perf = subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock", "-g", "-F", str(max(250, frequency)), "-p", str(server.pid), "-o", data,
                             "--", "sleep", str(seconds)], stderr=subprocess.DEVNULL)
    cpu_before = thread_cpu_ns(server.pid)
    time.sleep(0.3)
    # Every context switch is recorded (this perf ignores a tracepoint's sample period), so only
    # a few seconds of them, in the middle of the load: enough to say where the threads switch.
    switches = subprocess.Popen(["sh", "-c", f"sleep {min(1.0, seconds / 4)}; exec perf record -q -e sched:sched_switch -g "
                                 f"-p {server.pid} -o {switch_data} -- sleep {min(3, seconds / 2)}"], stderr=subprocess.DEVNULL)
    subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds - 1}s", f"http://127.0.0.1:{port}/work?n=2000"], stdout=subprocess.DEVNULL)
    perf.wait()
    switches.wait()
    if ticks is not None:
        ticks.wait()
    cpu_after = thread_cpu_ns(server.pid)
    json.dump({"before": cpu_before, "after": cpu_after}, open(os.path.join(work, "cpu.json"), "w"))
    server.send_signal(signal.SIGTERM)
    server.wait()

def base(name):
    return os.path.basename(name.strip("()")) if name else "?"


def function_name(name):
    """One name for glibc's aliases of a function (perf prints `__GI___writev`, `cfree`, `__libc_malloc`
    where our symbolizer prints `writev`, `free`, `malloc`)."""
    name = name.split("@")[0]
    for prefix in ("__GI_", "__libc_", "__"):
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix):]
    name = name.lstrip("_")
    if name.startswith("libc_"):
        name = name[len("libc_"):]
    if name.startswith("memcpy_avx"):  # glibc's memcpy and memmove share one body, under either name
        name = "memmove" + name[len("memcpy"):]
    return {"cfree": "free"}.get(name, name)

ours, our_functions, our_threads = collections.Counter(), collections.Counter(), collections.Counter()
our_weights = collections.defaultdict(list)  # object -> the weight of each of our samples, for the standard error
profile = json.load(open(profile_path))
thread_names = {thread["id"]: thread["name"] for thread in profile.get("threads", [])}
for sample in profile["samples"]:
    leaf = profile["frames"][sample["stack"][0]]
    obj, weight = base(leaf.get("module", "?")), sample.get("weight", 1)
    ours[obj] += weight
    our_weights[obj].append(weight)
    our_threads[sample.get("thread", 0)] += weight
    if obj == args.detail:
        our_functions[function_name(leaf.get("function", "?"))] += weight
all_weights = [w for weights in our_weights.values() for w in weights]

# perf's samples: a user-space leaf counts at its object; a kernel sample at the first user-space
# frame of its call chain (the instruction after `syscall` in the libc wrapper, as the kernel's
# saved user registers say); a chain with no user frame (a kernel-only sample) is not counted.
def perf_samples(path, kinds, with_switch_in=False):
    """(tid, object, function) of each sample in a perf.data file, folded as above (streamed:
    a sched_switch recording holds tens of thousands of call chains); with_switch_in adds a
    fourth field, whether the kernel part of the chain passes through finish_task_switch (the
    sample was taken as the thread was switched in, when interrupts came back on)."""
    script = subprocess.Popen(["perf", "script", "-i", path, "-F", "comm,tid,ip,sym,dso"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    header, in_kernel, done, switch_in = None, False, False, False
    for line in script.stdout:
        if not line.strip():
            header = None
            continue
        if header is None:
            header, in_kernel, done, switch_in = line.split(), False, False, False
            if line.lstrip().startswith("sonora-"):
                kinds["sonora-* threads (left out)"] += 1
                done = True
            continue
        if done:
            continue
        dso = base(line.split()[-1])
        if "kallsyms" in dso or "kernel" in dso:
            in_kernel = True
            switch_in = switch_in or " finish_task_switch" in line
            continue
        done = True
        kinds["kernel, at the first user frame" if in_kernel else "user"] += 1
        sample = (int(header[-1]), dso, function_name(" ".join(line.split()[1:-1]).split("+")[0] or "?"))
        yield sample + (switch_in,) if with_switch_in else sample
    script.wait()


theirs, their_functions, their_threads = collections.Counter(), collections.Counter(), collections.Counter()
kinds = collections.Counter()
perf_switch_in = 0
for tid, dso, function, switch_in in perf_samples(data, kinds, with_switch_in=True):
    perf_switch_in += switch_in
    theirs[dso] += 1
    their_threads[tid] += 1
    if dso == args.detail:
        their_functions[function] += 1

# perf's cpu-clock event runs only while the thread is switched in (from perf's sched-in hook to
# its sched-out hook), so the context switch itself, which the kernel charges to the thread and
# so to its CPU timer, is never sampled. The kernel's own count (schedstat) says how much that
# is per thread; sched:sched_switch samples say where the thread was when it switched (the
# wrapper of the system call it blocked in, or the place it was preempted). The "perf + switch"
# columns add each thread's uncovered CPU time there, in proportion.
corrected, corrected_functions = collections.Counter(theirs), collections.Counter(their_functions)
switch_kinds = collections.Counter()
uncovered_total = 0.0
if os.path.exists(switch_data) and cpu_after:
    places = collections.defaultdict(collections.Counter)
    for tid, dso, function in perf_samples(switch_data, switch_kinds):
        places[tid][(dso, function)] += 1
    period_ns = 1e9 / max(frequency, 250)
    for tid, (name, ns) in cpu_after.items():
        if name.startswith("sonora-"):
            continue
        uncovered = (ns - cpu_before.get(tid, ("", 0))[1]) / period_ns - their_threads[tid]
        count = sum(places[tid].values())
        if uncovered <= 0 or count == 0:
            continue
        uncovered_total += uncovered
        for (dso, function), n in places[tid].items():
            corrected[dso] += uncovered * n / count
            if dso == args.detail:
                corrected_functions[function] += uncovered * n / count

total_ours, total_theirs = sum(ours.values()), sum(theirs.values())
objects = sorted(set(ours) | set(theirs), key=lambda o: -(ours[o] / max(total_ours, 1) + theirs[o] / max(total_theirs, 1)))
worst = 0.0
rows = []
load = os.getloadavg()
# Our samples carry weights (1 + timer overruns: a thread's CPU timer is checked only at a scheduler
# tick that finds the thread running, so one sample often stands for several periods). A weighted
# share has the variance of sum(w_i^2 (x_i - p)^2) / W^2, i.e. fewer independent samples than W;
# "effective n" is W^2 / sum(w_i^2). perf's samples are one period each (binomial).
effective = total_ours ** 2 / max(sum(w * w for w in all_weights), 1)
print(f"perf's samples: {dict(kinds)}")
print(f"our samples: {len(all_weights)} carrying weight {total_ours} (effective n {effective:.0f})")
# If the overruns of a sample that lands in a system call stood for time the thread spent elsewhere,
# the samples of the objects that hold the wrappers would carry larger weights than the others.
print("our samples' mean weight (1 + overruns) by object: " + ", ".join(
    f"{obj} {sum(ws) / len(ws):.2f} ({len(ws)})" for obj, ws in sorted(our_weights.items(), key=lambda kv: -len(kv[1]))[:5]))
total_corrected = sum(corrected.values())
worst_corrected = 0.0
print(f"{'object':40} {'sonora %':>9} {'perf %':>9} {'diff':>6} {'SE':>5} {'perf + switch %':>15} {'diff':>6}"
      f"   ({total_ours} vs {total_theirs} samples, {frequency} Hz; switches add {uncovered_total:.0f})")
for obj in objects:
    a, b = 100 * ours[obj] / max(total_ours, 1), 100 * theirs[obj] / max(total_theirs, 1)
    c = 100 * corrected[obj] / max(total_corrected, 1)
    worst = max(worst, abs(a - b))
    worst_corrected = max(worst_corrected, abs(a - c))
    if a >= 0.5 or b >= 0.5:
        p, q = a / 100, b / 100
        variance_ours = sum(w * w * ((1 if o == obj else 0) - p) ** 2
                            for o, weights in our_weights.items() for w in weights) / max(total_ours, 1) ** 2
        se = 100 * (variance_ours + q * (1 - q) / max(total_theirs, 1)) ** 0.5
        print(f"{obj[:40]:40} {a:9.2f} {b:9.2f} {a - b:6.2f} {se:5.2f} {c:15.2f} {a - c:6.2f}")
        rows.append({"object": obj, "sonoraPercent": round(a, 2), "perfPercent": round(b, 2),
                     "differencePoints": round(a - b, 2), "standardErrorPoints": round(se, 2),
                     "perfWithSwitchesPercent": round(c, 2), "differenceWithSwitchesPoints": round(a - c, 2)})
# Where the scheduler tick landed in the server's threads (--ticks). A per-thread CPU timer is checked
# only by the tick that finds the thread running, so our samples are where these ticks land, while
# perf's cpu-clock fires on the thread's own clock. A tick that falls due while interrupts are off for
# a context switch is taken when they come back on, in finish_task_switch of the thread switched in:
# in the return path of the system call it had blocked in (a libc wrapper), or where it was preempted.
tick_summary = None
if os.path.exists(ticks_data):
    tick_kinds, landed, landed_outside, tick_threads = (collections.Counter() for _ in range(4))
    tick_switch_in = 0
    for tid, dso, function, switch_in in perf_samples(ticks_data, tick_kinds, with_switch_in=True):
        landed[dso] += 1
        tick_threads[tid] += 1
        tick_switch_in += switch_in
        if not switch_in:
            landed_outside[dso] += 1
    n_ticks, n_outside = sum(landed.values()), sum(landed_outside.values())
    # CONFIG_HZ is 250 on this machine's kernel (/proc/config.gz); USER_HZ (sysconf) is not it.
    expected = sum(ns - cpu_before.get(t, ("", 0))[1] for t, (name, ns) in cpu_after.items()
                   if not name.startswith("sonora-")) * 250 / 1e9
    print(f"scheduler ticks that landed in the server's threads: {n_ticks} ({100 * n_ticks / max(expected, 1):.0f} % of 250 Hz x their "
          f"CPU time); at a switch-in (finish_task_switch): {100 * tick_switch_in / max(n_ticks, 1):.2f} % of ticks, "
          f"{100 * perf_switch_in / max(total_theirs, 1):.2f} % of perf's samples")
    print(f"{'object':40} {'sonora %':>9} {'perf %':>9} {'ticks %':>9} {'ticks not at a switch-in %':>27}")
    tick_objects, worst_vs_ticks, worst_ticks_vs_perf = [], 0.0, 0.0
    for obj in objects:
        a, b = 100 * ours[obj] / max(total_ours, 1), 100 * theirs[obj] / max(total_theirs, 1)
        c, d = 100 * landed[obj] / max(n_ticks, 1), 100 * landed_outside[obj] / max(n_outside, 1)
        if a >= 0.5 or b >= 0.5:
            print(f"{obj[:40]:40} {a:9.2f} {b:9.2f} {c:9.2f} {d:27.2f}")
            tick_objects.append({"object": obj, "tickPercent": round(c, 2), "tickNotAtSwitchInPercent": round(d, 2)})
        worst_vs_ticks = max(worst_vs_ticks, abs(a - c))
        worst_ticks_vs_perf = max(worst_ticks_vs_perf, abs(c - b))
    print(f"largest difference, ours vs where the ticks landed: {worst_vs_ticks:.2f} points; the ticks vs perf: {worst_ticks_vs_perf:.2f} points")
    tick_summary = {"ticks": n_ticks, "largestDifferenceVsTicksPoints": round(worst_vs_ticks, 2),
                    "largestDifferenceTicksVsPerfPoints": round(worst_ticks_vs_perf, 2), "ticksPerExpectedPercent": round(100 * n_ticks / max(expected, 1), 1),
                    "ticksAtSwitchInPercent": round(100 * tick_switch_in / max(n_ticks, 1), 2),
                    "perfSamplesAtSwitchInPercent": round(100 * perf_switch_in / max(total_theirs, 1), 2), "objects": tick_objects}
print("threads, % of all samples (ours / perf's): " + ", ".join(
    f"{thread_names.get(t, t)}-{t} {100 * our_threads[t] / max(total_ours, 1):.1f}/{100 * their_threads[t] / max(total_theirs, 1):.1f}"
    for t in sorted(set(our_threads) | set(their_threads), key=lambda t: -our_threads[t] - their_threads[t])[:8]))
kernel_ns = sum(ns - cpu_before.get(t, ("", 0))[1] for t, (name, ns) in cpu_after.items() if not name.startswith("sonora-"))
if kernel_ns:
    print(f"perf's samples cover {100 * total_theirs * 1e9 / max(frequency, 250) / kernel_ns:.1f} % of the CPU time the kernel charged "
          f"to the server's threads (sonora-* left out) while perf ran ({kernel_ns / 1e9:.2f} s)")
print(f"largest difference: {worst:.2f} points; with the context switches perf cannot sample: {worst_corrected:.2f} points; "
      f"load average {load[0]:.2f}")
if args.detail:
    print(f"leaf functions in {args.detail}, % of all samples (ours / perf's / perf + switch; perf's kernel samples at the wrapper):")
    names = sorted(set(our_functions) | set(their_functions),
                   key=lambda n: -(our_functions[n] / max(total_ours, 1) + their_functions[n] / max(total_theirs, 1)))
    for name in names[:15]:
        print(f"  {100 * our_functions[name] / max(total_ours, 1):6.2f} {100 * their_functions[name] / max(total_theirs, 1):6.2f}"
              f" {100 * corrected_functions[name] / max(total_corrected, 1):6.2f}  {name[:80]}")
if args.out:
    result = {"schemaVersion": 1, "server": server_description, "seconds": seconds, "frequencyHz": frequency,
              "perfFrequencyHz": max(250, frequency), "sonoraSamples": total_ours, "perfSamples": total_theirs,
              "sonoraSampleCount": len(all_weights), "kernelCpuSecondsDuringPerf": round(kernel_ns / 1e9, 3), "sonoraEffectiveSamples": round(effective),
              "largestDifferencePoints": round(worst, 2), "largestDifferenceWithSwitchesPoints": round(worst_corrected, 2),
              "perfSamplesAddedForSwitches": round(uncovered_total, 1), "switchSamples": dict(switch_kinds), "loadAverage": list(load),
              "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "objects": rows}
    if tick_summary is not None:
        result["ticks"] = tick_summary
    runs = []
    if os.path.exists(args.out):
        try:
            previous = json.load(open(args.out))
        except ValueError:
            sys.exit(f"record-attribution: {args.out} is not JSON; not overwriting it")
        runs = previous.get("runs", []) if isinstance(previous, dict) else []
    report_json.write_atomically(args.out, {"schemaVersion": 1, "runs": runs + [result]})
    print(f"added a run to {args.out}")
