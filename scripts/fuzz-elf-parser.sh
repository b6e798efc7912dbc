#!/usr/bin/env bash
# Fuzz the profiler's ELF parser (headers, symbol tables, build id) with libFuzzer.
#
# Usage: scripts/fuzz-elf-parser.sh [seconds=60] [jobs=1]
# Builds Fuzz/ELFParserFuzzer.swift with the parser sources (swiftc -sanitize=fuzzer,address), seeds a corpus
# from the ELF test fixtures and the first 16 KiB of a few system libraries, runs for the given time, and
# prints the number of executions. Crash inputs are left in .build/fuzz-elf/ as crash-*; rerun one with
#   .build/fuzz-elf/elf-parser-fuzzer .build/fuzz-elf/crash-<hash>
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/fuzz-common.sh
fuzz_prepare .build/fuzz-elf "$@"

# ProfilerError is an instance of SonoraCore's DomainError, so SonoraCore is built first as its own
# module, as SwiftPM builds it.
echo "building $out/libSonoraCore.a"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -wmo -module-name SonoraCore \
  -emit-module -emit-module-path "$out/SonoraCore.swiftmodule" -emit-library -static -o "$out/libSonoraCore.a" \
  Sources/SonoraCore/*.swift 2> "$out/build.log" || { cat "$out/build.log"; exit 1; }
parser=(
  Sources/SonoraProfiler/ProfilerError.swift
  Sources/SonoraProfiler/Symbolize/MappedFile.swift
  Sources/SonoraProfiler/Symbolize/ELFImage.swift
  Sources/SonoraProfiler/Symbolize/ELFSymbolTable.swift
)
echo "building $out/elf-parser-fuzzer"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name ELFParserFuzz -I "$out" -L "$out" -lSonoraCore \
  "${parser[@]}" Fuzz/ELFParserFuzzer.swift -o "$out/elf-parser-fuzzer" 2> "$out/build.log" \
  || { cat "$out/build.log"; exit 1; }

# Seeds: the ELF fixtures (two tiny complete files with symbol tables and build ids, a cut-off header)
# and the first 4 KiB of libc, whose program headers and notes lie there.
python3 - "$out/corpus" <<'PY'
import hashlib, pathlib, sys
out = pathlib.Path(sys.argv[1])
seeds = [p.read_bytes() for p in pathlib.Path("Tests/SonoraProfilerTests/Fixtures/elf").iterdir()]
libc = pathlib.Path("/usr/lib/x86_64-linux-gnu/libc.so.6")
if libc.exists():
    seeds.append(libc.read_bytes()[:4096])
for blob in seeds:
    (out / hashlib.sha1(blob).hexdigest()).write_bytes(blob)
print(f"seeded {len(seeds)} inputs")
PY

fuzz_run "$out" elf-parser-fuzzer 8192 "$seconds" "$jobs"
