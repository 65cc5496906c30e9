#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what is
# missing, builds with warnings as errors, runs every test.
#   scripts/test.sh            # Release build in build-test/
#   SEALOG_CRASH_ITERATIONS=2000 scripts/test.sh   # the long crash test
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

build=build-test
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSEALOG_WERROR=ON >/dev/null
cmake --build "$build" -j2
ctest --test-dir "$build" -j2 --output-on-failure --timeout 900
