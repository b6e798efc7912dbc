#!/usr/bin/env bash
# Runs the profiler benchmark in release and writes reports/profiler-bench.json.
# Extra arguments go to `sonora profiler-bench` (for example --skip-perf or --repetitions 3).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product sonora
.build/release/sonora profiler-bench --output reports/profiler-bench.json "$@"
