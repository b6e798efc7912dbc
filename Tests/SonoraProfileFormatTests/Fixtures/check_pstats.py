"""Loads a pstats file with the real clients and prints what they saw as JSON.

Usage: check_pstats.py FILE

- pstats.Stats(FILE): sort_stats('cumulative').print_stats() and print_callers() must run;
- snakeviz's loader: snakeviz.stats.table_rows and json_stats over the Stats;
- gprof2dot -f pstats FILE must print a dot graph.
Any failure raises, which exits non-zero with a traceback on stderr.
"""
import io
import json
import pstats
import subprocess
import sys

import snakeviz.stats

path = sys.argv[1]
out = io.StringIO()
stats = pstats.Stats(path, stream=out)
stats.sort_stats("cumulative").print_stats()
stats.print_callers()
printed = out.getvalue()

functions = {}
for (filename, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
    functions[name] = {
        "file": filename, "line": line, "cc": cc, "nc": nc, "tt": tt, "ct": ct,
        "callers": {caller[2]: list(value) for caller, value in callers.items()},
    }

rows = snakeviz.stats.table_rows(stats)
tree = snakeviz.stats.json_stats(stats)
json.dumps(tree)  # snakeviz sends this to the browser; it must serialize

dot = subprocess.run(
    [sys.executable, "-m", "gprof2dot", "-f", "pstats", path],
    check=True, capture_output=True, text=True,
).stdout

print(json.dumps({
    "functions": functions,
    "total_tt": stats.total_tt,
    "printed_cumulative": "cumulative" in printed and "ncalls" in printed,
    "printed_callers": "was called by" in printed,
    "snakeviz_rows": len(rows),
    "snakeviz_nodes": len(tree),
    "dot_is_digraph": dot.lstrip().startswith("digraph"),
    "dot_edges": dot.count(" -> "),
}))
