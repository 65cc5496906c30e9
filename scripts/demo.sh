#!/usr/bin/env bash
# The demo, from a fresh Debian 12 machine: installs what is missing, builds,
# creates a store, ingests the reference workload (small scale, 100,000 events)
# and a real CloudTrail log, shows what is in it, proves the original bytes come
# back unchanged, seals and verifies it, and survives a kill -9 in the middle
# of an append.
#   scripts/demo.sh [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-100000}
scripts/install-deps.sh

build=build-demo
echo "== building (Release) in $build/"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSEALOG_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target sealog_cli sealog-bench >/dev/null
sealog="$build/tools/sealog"
bench="$build/bench/sealog-bench"

work=$(mktemp -d "${TMPDIR:-/tmp}/sealog-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
store="$work/store"
datasets=../shared/datasets
[ -d "$datasets" ] || datasets=tests/data/datasets
cloudtrail="$datasets/cloudtrail/invictus-ir.jsonl"

echo
echo "== generating the reference workload: $events events (WORKLOAD.md, seed 42)"
"$bench" --dump-jsonl "$events" > "$work/workload.jsonl"
ls -l "$work/workload.jsonl" | awk '{printf "   %s bytes\n", $5}'

echo
echo "== sealog keygen: the root key (kept away from the store; here, beside it for the demo)"
"$sealog" keygen --out "$work/root" 2>&1 | sed 's/^/   /'

echo
echo "== sealog init --key"
"$sealog" init "$store" --key "$work/root.key" 2>&1 | sed 's/^/   /'

echo
echo "== sealog append (durability batch: acknowledged only once on disk)"
start=$(date +%s.%N)
"$sealog" append "$store" "$work/workload.jsonl" 2>&1 | sed 's/^/   /'
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$events" 'BEGIN { printf "   %.0f events/s wall clock, parsing included\n", n / (e - s) }'

echo
echo "== sealog append: a real CloudTrail log ($cloudtrail)"
"$sealog" append "$store" "$cloudtrail" --preset cloudtrail 2>&1 | sed 's/^/   /'

echo
echo "== sealog stats"
"$sealog" stats "$store" | sed 's/^/   /'

echo
echo "== sealog tail -n 2"
"$sealog" tail "$store" -n 2 | cut -c1-200 | sed 's/^/   /'

echo
echo "== round trip: sealog export --format raw gives back the input bytes"
cat "$work/workload.jsonl" "$cloudtrail" > "$work/all-input.jsonl"
"$sealog" export "$store" --format raw --out "$work/exported.jsonl"
if cmp -s "$work/all-input.jsonl" "$work/exported.jsonl"; then
  echo "   identical: $(wc -l < "$work/exported.jsonl") lines, byte for byte"
else
  echo "   MISMATCH" && exit 1
fi

echo
echo "== seal and verify"
"$sealog" seal "$store" 2>&1 | sed 's/^/   /'
"$sealog" verify "$store" --pubkey "$work/root.pub" 2>&1 | sed 's/^/   /'

echo
echo "== queries, answered from the sealed indexes (docs/QUERY.md)"
timed() { local start=$(date +%s%N); "$@"; echo "($(( ($(date +%s%N) - start) / 1000000 )) ms)"; }
echo "   failed actions of the busiest user: sealog query STORE 'actor:user-00000@tenant-000 outcome:failure' --count"
timed "$sealog" query "$store" 'actor:user-00000@tenant-000 outcome:failure' --count | sed 's/^/   /'
echo "   who touched res/0000001 last (newest first): sealog query STORE 'resource:res/0000001' --reverse --limit 3"
timed "$sealog" query "$store" 'resource:res/0000001' --reverse --limit 3 | cut -c1-150 | sed 's/^/   /'
echo "   CloudTrail, by a JSON path: sealog query STORE 'event.eventSource:s3.amazonaws.com' --count"
timed "$sealog" query "$store" 'event.eventSource:s3.amazonaws.com' --count | sed 's/^/   /'
echo "   the top actions: sealog report STORE --by action --top 5"
timed "$sealog" report "$store" --by action --top 5 2>&1 | sed 's/^/   /'
echo "   CloudTrail: who deleted buckets: sealog report STORE --by actor --query action:DeleteBucket"
timed "$sealog" report "$store" --by actor --query action:DeleteBucket 2>&1 | sed 's/^/   /'
echo "   ... and how, as a table: sealog query STORE 'action:DeleteBucket' --format table --limit 3"
"$sealog" query "$store" 'action:DeleteBucket' --format table --limit 3 | sed 's/^/   /'
echo "   for a SIEM: sealog export STORE --query 'action:DeleteBucket outcome:failure' --format cef"
"$sealog" export "$store" --query 'action:DeleteBucket outcome:failure' --format cef | head -2 | cut -c1-200 | sed 's/^/   /'

echo
echo "== tiers: sealog retention run, as if 8 days had passed (warm_after defaults to 7 days)"
"$sealog" retention "$store" run --now "$(date -u -d '+8 days' +%Y-%m-%dT%H:%M:%SZ)" | sed 's/^/   /'
"$sealog" stats "$store" | sed 's/^/   /'
echo "   the same question, now answered from warm segments:"
timed "$sealog" query "$store" 'actor:user-00000@tenant-000 outcome:failure' --count | sed 's/^/   /'
"$sealog" verify "$store" --pubkey "$work/root.pub" 2>&1 | sed 's/^/   /'
echo
echo "== cold: 100 days on (cold_after defaults to 90 days), packed into an archive of record columns"
"$sealog" retention "$store" run --now "$(date -u -d '+100 days' +%Y-%m-%dT%H:%M:%SZ)" | sed 's/^/   /'
"$sealog" stats "$store" | grep -E "^  (tier|hot|warm|cold) " | sed 's/^/   /'
echo "   the same question, now answered from the archive:"
timed "$sealog" query "$store" 'actor:user-00000@tenant-000 outcome:failure' --count | sed 's/^/   /'
archive=$(ls "$store"/*.arc | head -n 1)
cp "$archive" "$work/copied-elsewhere.arc"
echo "   the archive copied elsewhere verifies on its own: sealog verify FILE.arc --pubkey ROOT.pub"
"$sealog" verify "$work/copied-elsewhere.arc" --pubkey "$work/root.pub" 2>&1 | sed -n '1,4p' | sed 's/^/   /'
echo "   a legal hold, itself an event in the log: sealog hold STORE add --reason ... --query ..."
"$sealog" hold "$store" add --reason "demo case" --query 'action:DeleteBucket' | sed 's/^/   /'
"$sealog" hold "$store" list | sed 's/^/   /'
echo
echo "== a checkpoint to keep elsewhere, and a proof that one record is in the log"
"$sealog" head "$store" > "$work/anchor.json"
cut -c1-160 "$work/anchor.json" | sed 's/^/   /'
"$sealog" prove "$store" 12345 > "$work/proof.json"
echo "   proof of seq 12345: $(wc -c < "$work/proof.json") bytes"
"$sealog" check-proof "$work/proof.json" --pubkey "$work/root.pub" 2>&1 | sed 's/^/   /'

echo
echo "== crash: kill -9 in the middle of an append (durability sync: one fdatasync per event)"
"$bench" --dump-jsonl 100000 --seed 7 > "$work/more.jsonl"
"$sealog" append "$store" "$work/more.jsonl" --durability sync --ack > "$work/acks" 2>/dev/null &
writer=$!
sleep 1
kill -9 "$writer" 2>/dev/null || true
wait "$writer" 2>/dev/null || true
acked=$(tail -n 1 "$work/acks" | awk '{print $2}')
echo "   last seq acknowledged before the kill: ${acked:-none}"
"$sealog" stats "$store" | grep -E "^records" | sed 's/^/   after reopening: /'
echo "   (every acknowledged event is there; what was written but not acknowledged may be too)"
"$sealog" seal "$store" 2>&1 | sed 's/^/   /'
"$sealog" verify "$store" --pubkey "$work/root.pub" --anchor "$work/anchor.json" 2>&1 | sed 's/^/   /'

echo
echo "done. The store was in $store (removed on exit)."
