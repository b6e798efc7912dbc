#!/usr/bin/env bash
# Nanoseconds per atomic reference-count operation (swift_retain or swift_release, with its call) on this machine, for
# 25, 10,000 and 100,000 distinct boxes: the floor under TrackQueue.next(), which needs three (docs/music.md, queue
# speed, sixth round). CPU time, best of 7 runs of 20 M iterations.
#
# Usage: scripts/refcount-cost.sh     Needs: clang and swiftc (the Swift toolchain).
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/refcount-cost
mkdir -p "$out"
clang -O2 -c scripts/refcount-cost/sink.c -o "$out/sink.o"
swiftc -O scripts/refcount-cost/main.swift "$out/sink.o" -o "$out/refcount-cost"
for boxes in 25 10000 100000; do "$out/refcount-cost" "$boxes"; done
