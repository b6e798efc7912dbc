# Shared steps of the scripts/fuzz-*.sh libFuzzer scripts. Source it after `cd` to the repository root.

# The track model every SonoraMusic fuzzer compiles, plus SonoraCore's JSON string escaper (which
# TrackJSON calls), compiled into the fuzzer's own module.
music_track_sources=(
  Sources/SonoraCore/JSONStringLiteral.swift
  Sources/SonoraCore/DomainError.swift
  Sources/SonoraMusic/MusicError.swift
  Sources/SonoraMusic/TrackFields.swift
  Sources/SonoraMusic/Track.swift
  Sources/SonoraMusic/Track+SourceSpecific.swift
  Sources/SonoraMusic/LavaSrcFields.swift
)

# fuzz_prepare OUT [SECONDS=60] [JOBS=1]
# Sets `out`, `seconds` and `jobs` from a script's arguments and makes OUT/corpus.
fuzz_prepare() {
  out="$1"
  seconds="${2:-60}"
  jobs="${3:-1}"
  mkdir -p "$out/corpus"
}

# fuzz_run OUT FUZZER MAX_LEN SECONDS JOBS [LIBFUZZER OPTIONS...]
# Runs OUT/FUZZER on OUT/corpus for SECONDS (in JOBS parallel jobs when JOBS > 1), keeps its log in
# OUT/fuzz.log and crash inputs in OUT as crash-*, prints the executions and crashes, and fails when
# there is a crash.
fuzz_run() {
  local out="$1" fuzzer="$2" max_len="$3" seconds="$4" jobs="$5"
  shift 5
  local log="$out/fuzz.log" parallel=() runs crashes
  if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi
  # libFuzzer writes per-job logs (fuzz-N.log) to the working directory in parallel mode; keep them in $out.
  (cd "$out" && "./$fuzzer" corpus -max_total_time="$seconds" -max_len="$max_len" "$@" "${parallel[@]}" \
    -artifact_prefix=./ -print_final_stats=1) 2>&1 | tee "$log" | grep -E "^#[0-9]+.*(pulse|DONE)|ERROR|crash-|stat::" || true
  if [ "$jobs" -gt 1 ]; then cat "$out"/fuzz-*.log > "$log" && rm -f "$out"/fuzz-*.log; fi
  runs=$(grep -E "stat::number_of_executed_units" "$log" | awk '{s+=$2} END {print s+0}')
  crashes=$(find "$out" -maxdepth 1 -name 'crash-*' | wc -l)
  echo "executions: $runs  crashes: $crashes  seconds: $seconds"
  [ "$crashes" -eq 0 ]
}
