#!/usr/bin/env bash
# Cold symbolization cost per unique address, before and after, interleaved in one job by the
# benchmark runner: `sonora bench ab` on the `symbolize.cold.1k` and `symbolize.cached.1k`
# benchmarks (Benchmarks/Suites/SymbolizationSuite.swift: 1,000 addresses, one per function, over
# every loaded object with symbols; a cold symbolizer with no table reuse, DWARF lines on). Rounds
# alternate the two builds in fresh processes in random order; the comparison is of paired
# per-round ratios. Both reports and the comparison are written to reports/ab/<base>-vs-<head>/.
#
# Usage: scripts/symbolization-speed.sh BEFORE_BINARY AFTER_BINARY [rounds=7]
#   BEFORE_BINARY, AFTER_BINARY: two release builds of `sonora` (copy .build/release/sonora
#   aside before and after the change). Both must have the symbolize.* benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
before="${1:?before binary}"
after="${2:?after binary}"
rounds="${3:-7}"
exec "$after" bench ab --base "$before" --head "$after" --rounds "$rounds" --no-profile --filter '^symbolize\.'
