#!/usr/bin/env python3
"""A controlled check of the CPU timer's placement of samples, for record-attribution.py's gaps.

Builds scripts/record-attribution-bursts.c (two threads ping-ponging over pipes; every burst runs
begin_work then end_work, which take the same time), runs it under the preload library (CPU mode,
250 Hz) and, unless --no-perf, `perf record -e cpu-clock -F 250` on the same process, pinned to
the CPUs given. Prints the share of begin_work and end_work in each profile (they should be
equal), and how much of the CPU time the kernel charged to the threads (schedstat) perf's samples
cover. --ticks also prints where the scheduler tick landed (scripts/record_ticks.py): it lands
like perf's samples, and our timer fires more often at the ticks that follow a long stretch
without one (docs/record.md, round 5).
Usage: scripts/record-attribution-bursts.py [--seconds 12] [--spin 100000] [--cpus 0] [--no-perf] [--ticks]
"""
import argparse, collections, json, os, subprocess, sys, tempfile, time
import record_ticks

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--seconds", type=float, default=12)
parser.add_argument("--spin", type=int, default=100000, help="loop iterations of each work function per burst")
parser.add_argument("--cpus", default="0", help="CPUs to pin the program to, e.g. 0 or 0,1")
parser.add_argument("--no-perf", action="store_true")
parser.add_argument("--ticks", action="store_true",
                    help="also record where the scheduler tick lands in the program's threads (see scripts/record_ticks.py)")
args = parser.parse_args()
bin_dir = os.environ.get("SONORA_BIN_DIR", os.path.join(root, ".build", "release"))
work = tempfile.mkdtemp(prefix="record-bursts-")
program = os.path.join(work, "bursts")
subprocess.run(["cc", "-O2", "-g", "-o", program, os.path.join(root, "scripts", "record-attribution-bursts.c"), "-lpthread"], check=True)
profile_path = os.path.join(work, "bursts.sonoraprofile")
env = dict(os.environ, LD_PRELOAD=os.path.join(bin_dir, "libSonoraPreload.so"), SONORA_PROFILE=profile_path,
           SONORA_PROFILE_FREQUENCY="250")
cpus = {int(c) for c in args.cpus.split(",")}
child = subprocess.Popen([program, str(args.seconds), str(args.spin)], env=env, preexec_fn=lambda: os.sched_setaffinity(0, cpus))
time.sleep(0.3)


def cpu_ns(pid):
    return {t: int(open(f"/proc/{pid}/task/{t}/schedstat").read().split()[0]) for t in os.listdir(f"/proc/{pid}/task")}


perf, ticks, ticks_at_switch_in = collections.Counter(), collections.Counter(), 0
ticks_data = os.path.join(work, "ticks.data")
tick_recorder = record_ticks.start(child.pid, max(1.0, args.seconds - 4), ticks_data) if args.ticks else None
if not args.no_perf:
    data = os.path.join(work, "perf.data")
    before = cpu_ns(child.pid)
    subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "250", "-p", str(child.pid), "-o", data, "--",
                    "sleep", str(max(1.0, args.seconds - 4))], stderr=subprocess.DEVNULL)
    after = cpu_ns(child.pid)
    kernel_ns = sum(ns - before.get(t, 0) for t, ns in after.items())
    for line in subprocess.run(["perf", "script", "-i", data, "-F", "comm,ip,sym"], capture_output=True, text=True).stdout.splitlines():
        fields = line.split()
        if len(fields) >= 3 and not fields[0].startswith("sonora-"):
            perf[fields[2]] += 1
if tick_recorder is not None:
    tick_recorder.wait()
    # Each tick's first user-space frame (the leaf it interrupted, or the wrapper of the system call it
    # landed in), and whether it was taken at a switch-in (finish_task_switch in its kernel part).
    chains = subprocess.run(["perf", "script", "-i", ticks_data, "-F", "comm,ip,sym,dso"], capture_output=True, text=True).stdout
    for chain in chains.split("\n\n"):
        lines = [line for line in chain.splitlines()[1:] if line.strip()]
        user = next((line.split()[1].split("+")[0] for line in lines if "kallsyms" not in line), "?")
        ticks[user] += 1
        ticks_at_switch_in += any(" finish_task_switch" in line for line in lines)
child.wait()
profile = json.load(open(profile_path))
ours, samples = collections.Counter(), 0
for sample in profile["samples"]:
    ours[profile["frames"][sample["stack"][0]]["function"]] += sample.get("weight", 1)
    samples += 1
total_ours, total_perf = sum(ours.values()), max(sum(perf.values()), 1)
print(f"spin {args.spin}, CPUs {args.cpus}: ours {samples} samples carrying weight {total_ours}; perf {sum(perf.values())} samples")
total_ticks = max(sum(ticks.values()), 1)
for name in ("begin_work", "end_work"):
    print(f"  {name:10}  ours {100 * ours[name] / max(total_ours, 1):6.2f} %   perf {100 * perf[name] / total_perf:6.2f} %"
          + (f"   ticks {100 * ticks[name] / total_ticks:6.2f} %" if ticks else ""))
if ticks:
    print(f"ticks in the program's threads: {sum(ticks.values())}, {100 * ticks_at_switch_in / total_ticks:.1f} % of them at a switch-in")
if not args.no_perf:
    print(f"perf's samples cover {100 * sum(perf.values()) * 4e6 / max(kernel_ns, 1):.1f} % of the {kernel_ns / 1e6:.0f} ms of CPU "
          "the kernel charged to the program while perf ran")
