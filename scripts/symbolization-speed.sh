#!/usr/bin/env bash
# Cold symbolization cost per unique address, before and after, interleaved in one job by the
# benchmark runner: `sonora bench ab` on the `symbolize.*` benchmarks
# (Benchmarks/Suites/SymbolizationSuite.swift): `symbolize.cold.5k` is the issue's shape (5,000
# addresses, one per function, over every loaded object with symbols, about 25; a cold symbolizer
# with no table reuse, DWARF lines on), `symbolize.cold.5k.4-per-function` the same over 1,250
# functions, `symbolize.cold.1k` 1,000 addresses, `symbolize.cached.1k` warm lookups. Rounds
# alternate the two builds in fresh processes in random order; the comparison is of paired
# per-round ratios. Both reports and the comparison are written to reports/ab/<base>-vs-<head>/.
#
# Usage: scripts/symbolization-speed.sh BEFORE_BINARY AFTER_BINARY [rounds=7]
#   BEFORE_BINARY, AFTER_BINARY: two release builds of `sonora` (copy .build/release/sonora
#   aside before and after the change). A benchmark the BEFORE build lacks is run on AFTER only.
set -euo pipefail
cd "$(dirname "$0")/.."
before="${1:?before binary}"
after="${2:?after binary}"
rounds="${3:-7}"
exec "$after" bench ab --base "$before" --head "$after" --rounds "$rounds" --no-profile --filter '^symbolize\.'
