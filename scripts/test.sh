#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what is
# missing, then builds and runs every test twice: a Release build with
# warnings as errors, and a build under AddressSanitizer + UndefinedBehavior-
# Sanitizer (benchmarks left out: they do not test anything). Then the engine
# tests, where the threads are (group commit, readers beside a writer, the
# fault loops, tier moves beside appends, the simulation), once more under
# ThreadSanitizer.
#   scripts/test.sh                                  # all three
#   SEALOG_TEST_BUILDS=release scripts/test.sh       # some of: release asan tsan
#   SEALOG_CRASH_ITERATIONS=2000 scripts/test.sh     # the long crash test
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

# run BUILD_DIR TARGETS TEST_REGEX CMAKE_ARGS...: configure, build TARGETS ("all" for
# everything), run the tests matching TEST_REGEX.
run() {
  local build=$1 targets=$2 tests=$3
  shift 3
  echo "== $build: configure and build"
  cmake -S . -B "$build" -G Ninja -DSEALOG_WERROR=ON "$@" >/dev/null
  # shellcheck disable=SC2086  # TARGETS is a list
  cmake --build "$build" -j2 --target $targets
  echo "== $build: test"
  ctest --test-dir "$build" -j2 --output-on-failure --timeout 900 -R "$tests"
}

# The sanitizer builds: -O1, as the sanitizers' manuals advise, and line
# tables only for their reports' stack traces (-O2 -g made the ASan build
# take twice as long; docs/TESTING.md).
sanitized=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
           -DSEALOG_BUILD_BENCH=OFF)

for kind in ${SEALOG_TEST_BUILDS:-release asan tsan}; do
  case "$kind" in
    release) run build-test all . -DCMAKE_BUILD_TYPE=Release ;;
    # Under ASan the query differential test asks 2,000 of its 10,000 queries
    # over 25,000 of its 100,000 events (each query a brute-force scan): the
    # release run asks all of them over all, and at 5x the cost they would
    # take most of CI's time budget (2.7 min of it at 100,000 events, 41 s at 25,000).
    # Likewise the simulation runs 400 seeds in the release run, 100 under
    # each sanitizer, and the crash test kills `sealog append` 200 times in
    # the release run, 50 under ASan (each kill starts two sanitized
    # processes).
    asan) SEALOG_QUERY_DIFF_QUERIES=${SEALOG_QUERY_DIFF_QUERIES:-2000} \
          SEALOG_QUERY_DIFF_EVENTS=${SEALOG_QUERY_DIFF_EVENTS:-25000} \
          SEALOG_SIM_SEEDS=${SEALOG_SIM_SEEDS:-100} \
          SEALOG_CRASH_ITERATIONS=${SEALOG_CRASH_ITERATIONS:-50} \
          run build-test-asan all . "${sanitized[@]}" -DSEALOG_SANITIZE=address,undefined ;;
    tsan) TSAN_OPTIONS="halt_on_error=1 ${TSAN_OPTIONS:-}" SEALOG_SIM_SEEDS=${SEALOG_SIM_SEEDS:-100} \
          run build-test-tsan "engine_test engine_io_test tier_test simulation_test" \
            '^(Store|Query|Recovery|FaultLoop|Sealer|SealLog|FaultEnv|UringFile|PosixEnv|Retention|Shards/Simulation|Simulation)' \
            "${sanitized[@]}" -DSEALOG_SANITIZE=thread \
            -DSEALOG_BUILD_TOOLS=OFF -DSEALOG_BUILD_EXAMPLES=OFF ;;
    *) echo "unknown build '$kind' (release, asan, tsan)" >&2; exit 2 ;;
  esac
done
