#!/usr/bin/env bash
# Runs the profiler's own benchmarks (overhead, symbolization, export) in release through Sonora's
# runner; the report (and its text) is saved in reports/. Extra arguments go to `sonora bench run`
# (for example --processes 5 or --quick).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product sonora
.build/release/sonora bench run --filter '^(profiler|symbolize|export)\.' "$@" profiler
