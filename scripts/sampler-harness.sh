#!/usr/bin/env bash
# Builds scripts/sampler-harness.c against the sampler's C sources (-O2, as in a release build)
# and runs it: CPU mode and wall mode, with the collector polling every 5 ms and every 50 ms,
# interleaved ROUNDS times (default 3), 2 s of worker CPU each. See docs/profiler.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clang -O2 -g -ISources/CSonoraSampler/include -ISources/CSonoraSampler \
    Sources/CSonoraSampler/*.c scripts/sampler-harness.c -o "$work/harness" -ldl -lpthread -lrt
for ((round = 0; round < rounds; round++)); do
    for poll in 5000 50000; do
        "$work/harness" cpu "$poll" 2
        "$work/harness" wall "$poll" 2
    done
done
