#!/usr/bin/env bash
# Installs a built sealog into a temporary prefix, checks that only the public
# API went in, builds examples/consumer against it (find_package(sealog)) and
# runs the program twice on a fresh store.
#
#   install_test.sh BUILD_DIR SOURCE_DIR CXX_COMPILER [BUILD_TYPE] [SANITIZE] [COVERAGE]
#
# SANITIZE is the build's SEALOG_SANITIZE: a sanitized libsealog.a needs the
# consumer compiled and linked with the same -fsanitize. COVERAGE is 1 when
# the build has SEALOG_COVERAGE: an instrumented libsealog.a needs libgcov,
# so the consumer is linked with --coverage.
set -euo pipefail

build_dir=$1
source_dir=$2
cxx=$3
build_type=${4:-Release}
sanitize=${5:-}
coverage=${6:-0}

work=$(mktemp -d "${TMPDIR:-/tmp}/sealog-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

fail() {
  echo "install_test: FAIL: $*" >&2
  exit 1
}

# expect FILE REGEX: FILE has a line matching the extended REGEX.
expect() {
  if ! grep -qE -- "$2" "$1"; then
    echo "--- $(basename "$1"):" >&2
    cat "$1" >&2
    fail "no line matches /$2/ in $(basename "$1")"
  fi
}

# Runs a command quietly, showing its output only when it fails.
quiet() {
  local log=$work/last.log
  "$@" > "$log" 2>&1 || { cat "$log" >&2; fail "$*"; }
}

# ---- Install ----
quiet cmake --install "$build_dir" --prefix "$prefix"

# Headers: exactly include/sealog/*.h of the source tree, nothing internal.
diff <(cd "$source_dir/include" && find . -type f | sort) \
     <(cd "$prefix/include" && find . -type f | sort) ||
  fail "installed headers differ from include/sealog/*.h (above)"
[[ -n $(find "$prefix" -name libsealog.a) ]] || fail "no libsealog.a under $prefix"
config=$(find "$prefix" -path '*/cmake/sealog/sealogConfig.cmake')
[[ -n $config ]] || fail "no sealogConfig.cmake under $prefix"
package_dir=$(dirname "$config")
for file in sealogConfigVersion.cmake sealogTargets.cmake; do
  [[ -f $package_dir/$file ]] || fail "no $file in $package_dir"
done

# ---- Build the consumer against the installed package ----
flags=()
link_flags=()
if [[ -n $sanitize ]]; then
  flags+=("-DCMAKE_CXX_FLAGS=-fsanitize=$sanitize")
  link_flags+=("-fsanitize=$sanitize")
fi
[[ $coverage == 1 ]] && link_flags+=(--coverage)
if [[ ${#link_flags[@]} -gt 0 ]]; then
  flags+=("-DCMAKE_EXE_LINKER_FLAGS=${link_flags[*]}")
fi
# No package registry: the package must come from $prefix, not from a build tree.
quiet cmake -S "$source_dir/examples/consumer" -B "$work/build" -G Ninja \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE="$build_type" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON "${flags[@]}"
expect "$work/build/CMakeCache.txt" "^sealog_DIR:PATH=$package_dir\$"
quiet cmake --build "$work/build" -j 2
program=$work/build/audit_trail

# ---- Run it ----
store=$work/store
rc=0
"$program" "$store" > "$work/run1.out" 2> "$work/run1.err" || rc=$?
[[ $rc -eq 0 ]] || { cat "$work/run1.err" >&2; fail "first run exited $rc"; }
expect "$work/run1.out" "^opened $store: 0 records in 1 segments\$"
expect "$work/run1.out" '^durable through seq 3$'
expect "$work/run1.out" '^appended seq 4$'
expect "$work/run1.out" '^seq 1 2026-03-01T09:15:02\.118000000Z actor=u-1042 action=user\.login resource=console tenant=acme origin=203\.0\.113\.7 outcome=success$'
expect "$work/run1.out" '^seq 3 2026-03-01T09:17:03\.000000000Z actor=u-2211 action=report\.download .* outcome=denied$'
expect "$work/run1.out" '^seq 4 [0-9T:.-]+Z \(ingest time\) actor=audit_trail action=audit_trail\.run outcome=success$'
expect "$work/run1.out" '^seq 1 as appended: \{"timestamp":"2026-03-01T09:15:02\.118Z",'
expect "$work/run1.out" '^a read-only reader sees 4 records$'
expect "$work/run1.err" '^audit_trail: skipped an event: invalid argument: field actor'

# The second run finds the first one's records and appends after them.
rc=0
"$program" "$store" > "$work/run2.out" 2> "$work/run2.err" || rc=$?
[[ $rc -eq 0 ]] || { cat "$work/run2.err" >&2; fail "second run exited $rc"; }
expect "$work/run2.out" "^opened $store: 4 records in 1 segments\$"
expect "$work/run2.out" '^seq 5 2026-03-01T09:15:02\.118000000Z actor=u-1042 action=user\.login '
expect "$work/run2.out" '^appended seq 8$'
expect "$work/run2.out" '^a read-only reader sees 8 records$'

rc=0
"$program" > /dev/null 2>&1 || rc=$?
[[ $rc -eq 2 ]] || fail "without arguments: exit $rc, expected 2"

echo "install_test: ok (package in $package_dir)"
