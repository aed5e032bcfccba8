#!/usr/bin/env bash
# Measures `plan watch` latency on REPO: starts the watch (default settings, or the
# arguments in WATCH_ARGS, e.g. WATCH_ARGS="--debounce 50"), then EDITS times moves a
# cited file's code down one line and back (so every edit rewrites PLAN.md), and reports
# end to end, from the file written to PLAN.md rewritten (what a user feels): the first
# edit apart (for a file the plan does not cite, it re-verifies the whole tree once), then
# the median and p95 of the others; and the same for the milliseconds each summary line
# states (from the batch arriving to the write). Restores the file and stops the watch.
#
# FILE=path/in/repo picks the edited file instead (e.g. a source file when the middle
# citation is a manifest, whose edit re-runs the recon).
#
# Usage: [FILE=path] scripts/watch-latency.sh REPO [EDITS] [PLAN_BINARY]
set -euo pipefail
repo=$(cd "${1:?usage: watch-latency.sh REPO [EDITS] [PLAN_BINARY]}" && pwd)
edits=${2:-20}
plan=$(realpath "${3:-target/release/plan}")
# The cited file in the middle of the plan's citations (the first ones cite the files
# that sort first, which share the plan's own corner of the tree).
cited=${FILE:-}
[ -n "$cited" ] || cited=$(grep -o '`[^`]*:[0-9][0-9-]*`' "$repo/PLAN.md" | tr -d '`' | cut -d: -f1 | sort -u | awk '{ line[NR] = $0 } END { if (NR) print line[int((NR + 1) / 2)] }' || true)
[ -n "$cited" ] || { echo "no citation in $repo/PLAN.md" >&2; exit 2; }
original=$(mktemp)
log=$(mktemp)
cp "$repo/$cited" "$original"
"$plan" --root "$repo" build -q >/dev/null || true
# shellcheck disable=SC2086
"$plan" --root "$repo" watch ${WATCH_ARGS:-} 2>"$log" >/dev/null &
watch=$!
trap 'kill -INT $watch 2>/dev/null; wait $watch 2>/dev/null; cp "$original" "$repo/$cited"; rm -f "$original" "$log"' EXIT
until grep -q "initial build" "$log"; do sleep 0.1; done
python3 - "$repo/PLAN.md" "$repo/$cited" "$original" "$log" "$edits" <<'PY'
import os, statistics, sys, time
plan, cited, original, log, edits = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
text = open(original).read()
def stamp():
    stat = os.stat(plan)
    return (stat.st_mtime_ns, stat.st_ino, stat.st_size)
def writes():
    return sum("wrote the plan" in line for line in open(log))
end_to_end = []
for i in range(1, edits + 1):
    before, lines = stamp(), writes()
    start = time.perf_counter()
    with open(cited, "w") as out:
        out.write("\n" + text if i % 2 else text)
    while stamp() == before:
        time.sleep(0.0005)
    end_to_end.append((time.perf_counter() - start) * 1000)
    while writes() <= lines:
        time.sleep(0.005)
    time.sleep(0.05)
def report(what, ms):
    print(f"{what}: first edit {ms[0]:.0f} ms", end="; ")
    rest = sorted(ms[1:])
    p95 = rest[min(len(rest) - 1, int(round(0.95 * (len(rest) - 1))))]
    print(f"next {len(rest)}: median {statistics.median(rest):.0f} ms, p95 {p95:.0f} ms, max {rest[-1]:.0f} ms")
report("file written -> PLAN.md rewritten", end_to_end)
stated = [int(line.rsplit("; ", 1)[1].split()[0]) for line in open(log) if "wrote the plan" in line and "initial build" not in line]
report("as the watch states it", stated)
PY
