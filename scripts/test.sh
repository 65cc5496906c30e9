#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what is
# missing, then builds and runs every test twice: a Release build with
# warnings as errors, and a build under AddressSanitizer + UndefinedBehavior-
# Sanitizer (benchmarks left out of that one: they do not test anything).
#   scripts/test.sh                                  # both
#   SEALOG_TEST_BUILDS=release scripts/test.sh       # only one of: release asan
#   SEALOG_CRASH_ITERATIONS=2000 scripts/test.sh     # the long crash test
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

run() {
  local build=$1
  shift
  echo "== $build: configure and build"
  cmake -S . -B "$build" -G Ninja -DSEALOG_WERROR=ON "$@" >/dev/null
  cmake --build "$build" -j2
  echo "== $build: test"
  ctest --test-dir "$build" -j2 --output-on-failure --timeout 900
}

for kind in ${SEALOG_TEST_BUILDS:-release asan}; do
  case "$kind" in
    release) run build-test -DCMAKE_BUILD_TYPE=Release ;;
    asan) run build-test-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DSEALOG_SANITIZE=address,undefined -DSEALOG_BUILD_BENCH=OFF ;;
    *) echo "unknown build '$kind' (release, asan)" >&2; exit 2 ;;
  esac
done
