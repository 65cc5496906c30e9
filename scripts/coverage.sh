#!/usr/bin/env bash
# Line and branch coverage of engine/, crypto/ and index/ under the whole test
# suite: builds the `coverage` preset (Debug, gcov instrumentation: see
# SEALOG_COVERAGE in CMakeLists.txt) in build-coverage, runs every test, then
# collects the counts with lcov (installed when missing) and prints line and
# branch coverage per directory and in total. Branches that exist only to
# unwind a thrown exception are not counted. The HTML report goes to
# build-coverage/coverage-html/index.html. Not part of scripts/test.sh: the
# instrumented build and run take too long for CI's time budget.
#   scripts/coverage.sh                  # build with -j2
#   SEALOG_JOBS=1 scripts/coverage.sh    # build and run tests one at a time
# As under ASan, the query differential test asks 2,000 of its 10,000 queries
# (SEALOG_QUERY_DIFF_QUERIES overrides that). A failing test does not stop the
# report; the script then exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build-coverage
out=$build/coverage
jobs=${SEALOG_JOBS:-2}
start=$SECONDS

scripts/install-deps.sh
if ! command -v lcov >/dev/null || ! command -v genhtml >/dev/null; then
  echo "installing: lcov" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo_cmd[@]}" apt-get install -y -q lcov >/dev/null; then
    "${sudo_cmd[@]}" apt-get update -q >/dev/null
    "${sudo_cmd[@]}" apt-get install -y -q lcov >/dev/null
  fi
fi

# Branch coverage on (lcov 1.16 leaves it off), exception-only branches off:
# every call that may throw has a branch to its unwinding code, and counting
# those would measure how many calls throw, not which decisions were taken.
# Debian 12's lcov ignores geninfo_no_exception_branch (see
# scripts/gcov-no-throw.py), so gcov runs through a wrapper that drops them.
lcov_flags=(--quiet --rc lcov_branch_coverage=1 --rc geninfo_no_exception_branch=1
  --gcov-tool "$root/scripts/gcov-no-throw.py")
dirs=(engine crypto index)

# run_lcov ARGS...: lcov with the flags above, without the "Subroutine ...
# redefined" warnings that perl prints at every run of Debian 12's geninfo.
run_lcov() {
  lcov "${lcov_flags[@]}" "$@" 2> >(grep -v '^Subroutine .* redefined at ' >&2)
}

echo "== coverage: configure and build (-j$jobs)"
cmake --preset coverage >/dev/null
cmake --build --preset coverage -j "$jobs"

rm -rf "$out"
mkdir -p "$out"
# Counts from an earlier run would add up with this one's.
run_lcov --zerocounters --directory "$build"
# A zero baseline of every instrumented object, so that the lines of a file
# that no test links count as uncovered instead of being left out. Lines only:
# an initial capture reads the .gcno files, which do not say which branches
# are exception-only, and would bring those branches back.
run_lcov --rc lcov_branch_coverage=0 --capture --initial --directory "$build" \
  --output-file "$out/baseline.info"

echo "== coverage: test"
test_rc=0
SEALOG_QUERY_DIFF_QUERIES=${SEALOG_QUERY_DIFF_QUERIES:-2000} \
  ctest --preset coverage -j "$jobs" || test_rc=$?

echo "== coverage: collect"
run_lcov --capture --directory "$build" --output-file "$out/tests.info"
run_lcov --add-tracefile "$out/baseline.info" \
  --add-tracefile "$out/tests.info" --output-file "$out/all.info"
patterns=()
for dir in "${dirs[@]}"; do
  patterns+=("$root/$dir/*")
  run_lcov --extract "$out/all.info" "$root/$dir/*" --output-file "$out/$dir.info"
done
run_lcov --extract "$out/all.info" "${patterns[@]}" --output-file "$out/sealog.info"
# Such a file has no branch figures (see the baseline above): name it.
untested=$(comm -23 <(grep '^SF:' "$out/sealog.info" | sort -u) \
                    <(grep '^SF:' "$out/tests.info" | sort -u) | sed "s|^SF:$root/||")
if [ -n "$untested" ]; then
  echo "== coverage: no test links these files (lines counted, branches not):" >&2
  echo "$untested" >&2
fi

# summary NAME TRACEFILE: one line of the table, from the tracefile's LH/LF
# (lines hit/found) and BRH/BRF (branches hit/found) records.
summary() {
  awk -v name="$1" -F: '
    $1 == "LH" { lh += $2 } $1 == "LF" { lf += $2 }
    $1 == "BRH" { bh += $2 } $1 == "BRF" { bf += $2 }
    END {
      printf "%-22s %6.1f%% %8d/%-8d %6.1f%% %8d/%-8d\n", name,
        lf ? 100 * lh / lf : 0, lh, lf, bf ? 100 * bh / bf : 0, bh, bf
    }' "$2"
}

echo "== coverage: engine/, crypto/, index/"
printf "%-22s %7s %-17s %7s %-17s\n" "" "lines" "hit/total" "branches" "hit/total"
for dir in "${dirs[@]}"; do
  summary "$dir/" "$out/$dir.info"
done
summary "engine+crypto+index" "$out/sealog.info"

echo "== coverage: the 10 files with the most uncovered branches"
awk -F: -v root="$root/" '
  $1 == "SF" { file = substr($2, length(root) + 1) }
  $1 == "BRH" { hit[file] += $2 } $1 == "BRF" { found[file] += $2 }
  END { for (f in found) printf "%6d of %6d uncovered  %s\n", found[f] - hit[f], found[f], f }
' "$out/sealog.info" | sort -rn | head -10

genhtml --quiet --branch-coverage --prefix "$root" --title "sealog: engine, crypto, index" \
  --output-directory "$build/coverage-html" "$out/sealog.info"
echo "== coverage: report in $build/coverage-html/index.html ($((SECONDS - start)) s)"
if [ "$test_rc" -ne 0 ]; then
  echo "== coverage: some tests failed (ctest exit $test_rc): the figures above are of a partial run" >&2
fi
exit "$test_rc"
