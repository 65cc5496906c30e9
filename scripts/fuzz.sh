#!/usr/bin/env bash
# The libFuzzer targets, for as long as asked: builds build-fuzz with clang
# (ASan+UBSan, libFuzzer; clang installed when missing), then runs each target
# for SECONDS, JOBS targets at a time (default: one per core), and prints one
# line per target: inputs run, seconds, CPU seconds, and what it found.
#   scripts/fuzz.sh                       # every target, 600 s each
#   scripts/fuzz.sh 3600 record query     # an hour each of two targets
#   JOBS=1 scripts/fuzz.sh 60             # one target at a time
#   UNTIL=cpu scripts/fuzz.sh 3600 query  # until the target has used 3600 CPU s
# UNTIL=cpu counts CPU seconds instead of wall seconds, so a run sharing the
# machine (say under `nice -n 19` beside builds) still gets its full budget;
# a stopped (SIGSTOP) fuzzer uses none.
# Each target starts from its seed corpus (tests/fuzz/corpus/NAME; for
# event_parser the first line of every file in ../shared/datasets) and grows
# a working corpus in build-fuzz/fuzz/corpus/NAME, kept between runs. A
# crashing input goes to build-fuzz/fuzz/findings/NAME/ and the script exits
# 1: make it a seed of the target's corpus and a regression test. Logs:
# build-fuzz/fuzz/logs/NAME.log. Not part of scripts/test.sh (the suite runs
# every target's regression build over its corpus instead).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build-fuzz
work=$build/fuzz
seconds=${1:-600}
shift || true
all_targets=(record manifest seal_chain evidence query index_file warm_file record_columns
  archive_file formats event_parser)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
jobs=${JOBS:-$(nproc)}

for target in "${targets[@]}"; do
  if [[ ! " ${all_targets[*]} " =~ " ${target} " ]]; then
    echo "fuzz.sh: no target named $target (targets: ${all_targets[*]})" >&2
    exit 2
  fi
done

scripts/install-deps.sh
missing=()
command -v clang++ >/dev/null || missing+=(clang)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}" >/dev/null
fi

if [ ! -f "$build/build.ninja" ]; then
  CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSEALOG_SANITIZE=address,undefined -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link \
    -DSEALOG_BUILD_BENCH=OFF -DSEALOG_BUILD_EXAMPLES=OFF >/dev/null
fi
binaries=()
for target in "${targets[@]}"; do binaries+=("fuzz_$target"); done
ninja -C "$build" -j"$(nproc)" "${binaries[@]}" >/dev/null

binary_of() {
  if [ "$1" = event_parser ]; then echo "$build/tests/ingest/fuzz_event_parser"; else
    echo "$build/tests/fuzz/fuzz_$1"; fi
}

seeds_of() {
  local target=$1 dir
  if [ "$target" = event_parser ]; then
    dir=$work/seeds/event_parser
    mkdir -p "$dir"
    local file
    for file in "$root"/../shared/datasets/*/*; do
      [ -f "$file" ] || continue
      head -n 1 "$file" >"$dir/$(basename "$file").line" 2>/dev/null || true
    done
    echo "$dir"
  else
    echo "$root/tests/fuzz/corpus/$target"
  fi
}

# Stops the fuzzer under /usr/bin/time (pid $1) once it has used $2 CPU
# seconds (user + system, its children's included, from /proc/PID/stat),
# polling every 5 s. SIGTERM,
# not SIGINT: a background job starts with SIGINT ignored. libFuzzer prints
# its final stats and exits 72.
stop_at_cpu() {
  local timer=$1 budget=$2 fuzzer="" ticks
  ticks=$(getconf CLK_TCK)
  while kill -0 "$timer" 2>/dev/null; do
    # (An empty $fuzzer would name /proc//stat, which is /proc/stat.)
    { [ -n "$fuzzer" ] && [ -r "/proc/$fuzzer/stat" ]; } ||
      fuzzer=$(pgrep -P "$timer" | head -n 1 || true)
    if [ -n "$fuzzer" ]; then
      # The fuzzer's CPU and its children's: libFuzzer starts llvm-symbolizer
      # to name new functions, and /usr/bin/time counts that too.
      local used pids child
      pids=("/proc/$fuzzer/stat")
      for child in $(pgrep -P "$fuzzer" || true); do pids+=("/proc/$child/stat"); done
      # (A child may be gone by now: cat's failure must not fail the pipe.)
      used=$({ cat "${pids[@]}" 2>/dev/null || true; } |
        awk -v t="$ticks" '{sub(/^.*\) /, ""); s += $12 + $13 + $14 + $15} END {printf "%d", s / t}')
      if [ "${used:-0}" -ge "$budget" ]; then
        kill -TERM "$fuzzer" 2>/dev/null || true
        return 0
      fi
    fi
    sleep 5
  done
}

run_one() {
  local target=$1
  local corpus=$work/corpus/$target findings=$work/findings/$target log=$work/logs/$target.log
  mkdir -p "$corpus" "$findings" "$work/logs"
  local start=$SECONDS
  # -fork would hide a slow input's time; one process, time spent is CPU spent.
  set +e
  local wall=$seconds
  [ "${UNTIL:-wall}" = cpu ] && wall=$((seconds * 100))
  # Expanded here, so the background job's only child is the fuzzer.
  local binary seeds
  binary=$(binary_of "$target")
  seeds=$(seeds_of "$target")
  /usr/bin/time -f '%U %S' -o "$log.cpu" "$binary" -max_total_time="$wall" \
    -artifact_prefix="$findings/" -print_final_stats=1 "$corpus" "$seeds" >"$log" 2>&1 &
  local timer=$!
  [ "${UNTIL:-wall}" = cpu ] && stop_at_cpu "$timer" "$seconds"
  wait "$timer"
  local code=$?
  # libFuzzer exits 72 when interrupted: here, by stop_at_cpu at its budget.
  [ "${UNTIL:-wall}" = cpu ] && [ "$code" -eq 72 ] && code=0
  set -e
  local inputs cpu
  inputs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  # The last line: time writes "Command exited with non-zero status N" above it.
  cpu=$(tail -n 1 "$log.cpu" 2>/dev/null | awk '{printf "%.0f", $1 + $2}' || echo "?")
  local found
  # Slow units are not findings: at nice 19 beside builds a fast input can
  # wait past libFuzzer's 10 s for the CPU (rerun one to tell).
  found=$(find "$findings" -type f ! -name 'slow-unit-*' | wc -l)
  printf '%-15s %12s inputs %6d s %6s CPU s  exit %d  findings %d\n' "$target" "${inputs:-0}" \
    $((SECONDS - start)) "$cpu" "$code" "$found"
  [ "$code" -eq 0 ] && [ "$found" -eq 0 ]
}

echo "fuzzing ${#targets[@]} target(s), $seconds s each, $jobs at a time ($(date -u +%FT%TZ))"
failed=0
running=0
for target in "${targets[@]}"; do
  run_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
[ "$failed" -eq 0 ] || echo "fuzz.sh: a target failed or found something; see $work/logs and $work/findings" >&2
exit "$failed"
