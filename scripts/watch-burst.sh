#!/usr/bin/env bash
# Counts what `plan watch` does for a branch switch: in the git repository REPO, starts
# the watch (default settings, or WATCH_ARGS), checks out BRANCH, then back to the branch
# it was on, ROUNDS times, and prints each switch's summary lines (one rebuild and at
# most one write per switch is the goal). REPO must be clean.
#
# Usage: scripts/watch-burst.sh REPO BRANCH [ROUNDS] [PLAN_BINARY]
set -euo pipefail
repo=$(cd "${1:?usage: watch-burst.sh REPO BRANCH [ROUNDS] [PLAN_BINARY]}" && pwd)
branch=${2:?usage: watch-burst.sh REPO BRANCH [ROUNDS] [PLAN_BINARY]}
rounds=${3:-3}
plan=$(realpath "${4:-target/release/plan}")
home=$(git -C "$repo" rev-parse --abbrev-ref HEAD)
log=$(mktemp)
# shellcheck disable=SC2086
"$plan" --root "$repo" watch ${WATCH_ARGS:-} 2>"$log" >/dev/null &
watch=$!
trap 'kill -INT $watch 2>/dev/null; wait $watch 2>/dev/null; git -C "$repo" checkout -q "$home"; rm -f "$log"' EXIT
until grep -q "initial build" "$log"; do sleep 0.1; done
sleep 1.5
for round in $(seq 1 "$rounds"); do
  for target in "$branch" "$home"; do
    before=$(wc -l <"$log")
    git -C "$repo" checkout -q "$target"
    sleep 2.5
    lines=$(tail -n +$((before + 1)) "$log" | grep '^\[watch\]' || true)
    echo "round $round, checkout $target: $(printf '%s\n' "$lines" | grep -c . || true) summary lines, $(printf '%s\n' "$lines" | grep -c 'wrote' || true) writes"
    printf '%s\n' "$lines" | sed 's/^/    /'
  done
done
