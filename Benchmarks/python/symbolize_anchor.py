#!/usr/bin/env python3
"""Time the symbolizers pprof uses (llvm-symbolizer, binutils addr2line) on the shape of symbolize.cold.5k.

Used by scripts/symbolization-vs-llvm.sh; prints one JSON object.

The shape is the benchmark's (Sources/SonoraProfiler/Benchmarking/SymbolizationSample.swift): the objects
`sonora` loads (the executable and what `ldd` lists), the function symbols of each (`.symtab`, or `.dynsym`
when there is none, sized `FUNC`/`IFUNC`, one per address), every `stride`-th function of each object so
that about `--count` are taken, one address in the middle of each, shuffled with a fixed seed. Addresses are
link-time (`st_value`), which is what both tools take for an object. The list is close to the benchmark's
but not the same one (the benchmark takes runtime addresses in its own process), so compare per-address
costs, not answers.

- llvm-symbolizer (the one in the Swift toolchain when found): one process for all addresses, the input
  lines `"<object>" 0x<address>`, `--no-inlines` (Sonora reads the line table, not inline frames),
  `--functions=linkage --demangle`. It caches each object after the first address in it. It runs twice:
  as configured, and with `--debug-file-directory=/nonexistent`, since Sonora by default reads lines only
  from the objects' own DWARF (names from separate debug files, lines not). It does not demangle Swift
  names; Sonora does.
- addr2line (binutils, what pprof runs when it finds no llvm-symbolizer): one process per object
  (`-f -C -e <object>` with that object's addresses), as pprof runs it.

CPU is the children's user + system time (`resource.RUSAGE_CHILDREN`), wall is `time.perf_counter`. Each
tool also runs once with a single address, to show its start-up cost, which is included in the totals: a
user who symbolizes a profile pays it.
"""
import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import time


def loaded_objects(binary):
    """The executable and the shared objects `ldd` lists for it, as real paths."""
    paths = [os.path.realpath(binary)]
    out = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        match = re.search(r"(/\S+) \(0x", line)
        if match:
            path = os.path.realpath(match.group(1))
            if path not in paths:
                paths.append(path)
    return paths


def functions(path):
    """Sorted (address, size) of the sized function symbols, one per address, as the benchmark takes them."""
    def read(flag):
        out = subprocess.run(["readelf", "-W", flag, path], check=True, capture_output=True, text=True).stdout
        found = {}
        for line in out.splitlines():
            fields = line.split()
            # Num: Value Size Type Bind Vis Ndx Name
            if len(fields) < 8 or fields[3] not in ("FUNC", "IFUNC") or fields[6] == "UND":
                continue
            address, size = int(fields[1], 16), int(fields[2], 0)
            if address == 0 or size < 1:
                continue
            found.setdefault(address, size)
        return found
    table = read("--syms")
    if not table:
        table = read("--dyn-syms")
    return sorted(table.items())


def addresses(objects, count, seed):
    per_object = [(path, functions(path)) for path in objects]
    per_object = [(path, fns) for path, fns in per_object if fns]
    available = sum(len(fns) for _, fns in per_object)
    stride = max(available // max(count, 1), 1)
    chosen = [(path, start + size // 2) for path, fns in per_object for start, size in fns[::stride]]
    random.Random(seed).shuffle(chosen)
    return chosen[:count], len(per_object)


def timed(command, stdin_text):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, input=stdin_text, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({result.returncode}): {result.stderr[:400]}")
    return cpu, wall, result.stdout


def has_line(location):
    """Whether a `file:line[:column]` answer names a file and a line above 0."""
    if location.startswith("??"):
        return False
    parts = location.rsplit(":", 2)
    return len(parts) == 3 and parts[1].isdigit() and int(parts[1]) > 0


def run_llvm(tool, chosen, extra=()):
    lines = "".join(f'"{path}" 0x{address:x}\n' for path, address in chosen)
    command = [tool, "--no-inlines", "--functions=linkage", "--demangle", "--output-style=LLVM", *extra]
    cpu, wall, out = timed(command, lines)
    # LLVM style: a function line, a file:line:column line, and a blank line per address.
    blocks = [block.splitlines() for block in out.strip("\n").split("\n\n")]
    named = sum(1 for block in blocks if block and block[0] != "??")
    lined = sum(1 for block in blocks if len(block) > 1 and has_line(block[1]))
    return {"cpuSeconds": cpu, "wallSeconds": wall, "named": named, "withLine": lined, "answers": len(blocks)}


def run_addr2line(tool, chosen):
    by_object = {}
    for path, address in chosen:
        by_object.setdefault(path, []).append(address)
    cpu = wall = 0.0
    named = lined = answers = 0
    for path, addrs in by_object.items():
        c, w, out = timed([tool, "-f", "-C", "-e", path], "".join(f"0x{a:x}\n" for a in addrs))
        cpu, wall = cpu + c, wall + w
        lines = out.splitlines()
        for function, location in zip(lines[0::2], lines[1::2]):
            answers += 1
            named += function != "??"
            lined += has_line(location.split(" ")[0] + ":0")  # "file:line", maybe " (discriminator N)"
    return {"cpuSeconds": cpu, "wallSeconds": wall, "named": named, "withLine": lined, "answers": answers}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True, help="the sonora executable whose objects are symbolized")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0x5EED)
    args = parser.parse_args()
    objects = loaded_objects(args.binary)
    chosen, object_count = addresses(objects, args.count, args.seed)
    result = {"addresses": len(chosen), "objects": object_count, "tools": {}}
    llvm = shutil.which("llvm-symbolizer", path="/opt/swift/usr/bin") or shutil.which("llvm-symbolizer")
    if llvm:
        startup = run_llvm(llvm, chosen[:1])
        result["tools"]["llvm-symbolizer"] = {"path": llvm, "startup": startup, "run": run_llvm(llvm, chosen)}
        # Sonora reads lines only from the objects' own DWARF by default, not from separate debug files.
        no_debug = ["--debug-file-directory=/nonexistent"]
        result["tools"]["llvm-symbolizer, no debug files"] = {
            "path": llvm, "startup": run_llvm(llvm, chosen[:1], no_debug), "run": run_llvm(llvm, chosen, no_debug)}
    addr2line = shutil.which("addr2line")
    if addr2line:
        startup = run_addr2line(addr2line, chosen[:1])
        result["tools"]["addr2line"] = {"path": addr2line, "startup": startup, "run": run_addr2line(addr2line, chosen)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
