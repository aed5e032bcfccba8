#!/usr/bin/env bash
# Measures `plan watch` latency on REPO: starts the watch, then EDITS times moves a cited
# file's code down one line and back (so every edit rewrites PLAN.md), and reports the
# median and p95 of the milliseconds each summary line states: from the debounced batch
# arriving to PLAN.md written. Restores the file and stops the watch at the end.
#
# Usage: scripts/watch-latency.sh REPO [EDITS] [PLAN_BINARY]
set -euo pipefail
repo=$(cd "${1:?usage: watch-latency.sh REPO [EDITS] [PLAN_BINARY]}" && pwd)
edits=${2:-20}
plan=$(realpath "${3:-target/release/plan}")
cited=$(grep -m1 -o '`[^`]*:[0-9][0-9-]*`' "$repo/PLAN.md" | head -n1 | tr -d '`' | cut -d: -f1 || true)
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
cp "$log" /tmp/wl-last.log; grep "wrote the plan" "$log" | sed -E 's/.*; ([0-9]+) ms$/\1/' | python3 -c '
import statistics, sys
ms = sorted(int(line) for line in sys.stdin if line.strip().isdigit())
p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
print(f"{len(ms)} rebuilds: median {statistics.median(ms):.0f} ms, p95 {p95} ms, max {ms[-1]} ms")'
