"""Recording where the scheduler tick lands in a process's threads, for scripts/record-attribution*.py.

The kernel checks a per-thread CPU timer only in the scheduler tick that finds the thread running
(run_posix_cpu_timers, from update_process_times), so the preload library's CPU-mode samples are
where these ticks land. The tick is the hrtimer whose function is tick_nohz_handler (Linux 6.10 and
later; tick_sched_timer before); its timer:hrtimer_expire_entry tracepoint, recorded with call
chains in the process's threads, gives the interrupted place of every one.
"""
import subprocess


def handler_address():
    """The tick hrtimer function's address for a tracepoint filter, or None if /proc/kallsyms hides it."""
    try:
        for line in open("/proc/kallsyms"):
            address, _, name = line.split()[:3]
            if name in ("tick_nohz_handler", "tick_sched_timer") and int(address, 16) != 0:
                return "0x" + address
    except (OSError, ValueError):
        pass
    return None


def start(pid, seconds, path):
    """Starts `perf record` of every tick in process `pid`'s threads for `seconds` into `path`
    (-c 1: a tracepoint is counted, not sampled by frequency); None if the tick cannot be named."""
    address = handler_address()
    if address is None:
        return None
    return subprocess.Popen(["perf", "record", "-q", "-e", "timer:hrtimer_expire_entry", "--filter", f"function == {address}",
                             "-c", "1", "-g", "-p", str(pid), "-o", path, "--", "sleep", str(seconds)],
                            stderr=subprocess.DEVNULL)
