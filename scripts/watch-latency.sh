#!/usr/bin/env bash
# Measures `plan watch` latency on REPO: starts the watch, then EDITS times moves a cited
# file's code down one line and back (so every edit rewrites PLAN.md), and reports the
# milliseconds each summary line states, from the debounced batch arriving to PLAN.md
# written: the first edit apart (for a file the plan does not cite, it re-verifies the
# whole tree once), then the median and p95 of the others. Restores the file and stops
# the watch at the end.
#
# Usage: scripts/watch-latency.sh REPO [EDITS] [PLAN_BINARY]
set -euo pipefail
repo=$(cd "${1:?usage: watch-latency.sh REPO [EDITS] [PLAN_BINARY]}" && pwd)
edits=${2:-20}
plan=$(realpath "${3:-target/release/plan}")
# The cited file in the middle of the plan's citations (the first ones cite the files
# that sort first, which share the plan's own corner of the tree).
cited=$(grep -o '`[^`]*:[0-9][0-9-]*`' "$repo/PLAN.md" | tr -d '`' | cut -d: -f1 | sort -u | awk '{ line[NR] = $0 } END { if (NR) print line[int((NR + 1) / 2)] }' || true)
[ -n "$cited" ] || { echo "no citation in $repo/PLAN.md" >&2; exit 2; }
original=$(mktemp)
log=$(mktemp)
cp "$repo/$cited" "$original"
"$plan" --root "$repo" build -q >/dev/null || true
"$plan" --root "$repo" watch --debounce 20 2>"$log" >/dev/null &
watch=$!
trap 'kill -INT $watch 2>/dev/null; wait $watch 2>/dev/null; cp "$original" "$repo/$cited"; rm -f "$original" "$log"' EXIT
until grep -q "initial build" "$log"; do sleep 0.1; done
for i in $(seq 1 "$edits"); do
  lines=$(grep -c "wrote the plan" "$log" || true)
  if [ $((i % 2)) -eq 1 ]; then { echo; cat "$original"; } >"$repo/$cited"; else cp "$original" "$repo/$cited"; fi
  until [ "$(grep -c "wrote the plan" "$log" || true)" -gt "$lines" ]; do sleep 0.02; done
done
grep "wrote the plan" "$log" | grep -v "initial build" | sed -E 's/.*; ([0-9]+) ms$/\1/' | python3 -c '
import statistics, sys
ms = [int(line) for line in sys.stdin if line.strip().isdigit()]
print(f"first edit of the file: {ms[0]} ms")
rest = sorted(ms[1:])
p95 = rest[min(len(rest) - 1, int(round(0.95 * (len(rest) - 1))))]
print(f"next {len(rest)} rebuilds: median {statistics.median(rest):.0f} ms, p95 {p95} ms, max {rest[-1]} ms")'
