#!/usr/bin/env bash
# The "Done when" scenario of issue 12 ("a gate a team can adopt"), end to end on a real
# repository made into a git repository: each step prints PASS or FAIL, and the script
# exits 1 if any failed.
#
#  1. a plan built by `plan build` is committed: `plan check` exits 0;
#  2. an unrelated file is added: exit 0, with a warning (PLAN074) and a diff;
#  3. two branches adding unrelated files merge into a main on which `plan check` exits 0;
#  4. cited code moved without rebuilding: exit 1, a diagnostic per moved citation, a diff;
#  5. PLAN.lock deleted after moving code: `plan build` follows the code (git history), says so;
#  6. under `plan watch`, a cited function deleted and restored within a second: no UNVERIFIED;
#  7. the plan removed while watching, then restored: the watch goes on;
#  8. a cycle typed into section I while watching: the watch prints PLAN040.
#
# Usage: scripts/gate-scenario.sh [SOURCE_REPO] [PLAN_BINARY]
#   SOURCE_REPO  a checkout of ripgrep (default /tmp/repos/ripgrep); copied, never changed
#   PLAN_BINARY  default target/debug/plan (`cargo build -p plan-cli` first)
set -uo pipefail
source_repo=$(cd "${1:-/tmp/repos/ripgrep}" && pwd)
plan=$(realpath "${2:-target/debug/plan}")
work=$(mktemp -d)
repo="$work/repo"
log="$work/watch.log"
watch_pid=""
failed=0
cleanup() {
  [ -n "$watch_pid" ] && kill -INT "$watch_pid" 2>/dev/null && wait "$watch_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failed=1; }
check() { "$plan" "$@" check; }
g() { git -c user.name=scenario -c user.email=scenario@example.com -c init.defaultBranch=main "$@"; }
# Waits (60 s at most: liveness, not speed) for the watch log to say $1 more than $2 times.
wait_log() {
  local deadline=$((SECONDS + 60))
  until [ "$(grep -c -- "$1" "$log" || true)" -gt "${2:-0}" ]; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.05
  done
}
count() { grep -c -- "$1" "$log" || true; }

cp -r "$source_repo/." "$repo"
rm -rf "$repo/.git" "$repo/.plan" "$repo/PLAN.md" "$repo/PLAN.lock"
cd "$repo" || exit 2
g init -q
cited=crates/searcher/src/sink.rs
error_io=$(grep -n 'fn error_io(' "$cited" | head -1 | cut -d: -f1)
matched=$(grep -n '    fn matched($' "$cited" | head -1 | cut -d: -f1)
[ -n "$error_io" ] && [ -n "$matched" ] || { echo "cannot find the cited functions in $cited" >&2; exit 2; }
cat >plan.toml <<'EOF'
[rules]
missing-section = "allow"
pr-missing-field = "allow"
EOF
cat >PLAN.md <<EOF
# Plan

## B) Repository Recon Summary

<!-- plan:begin recon -->
<!-- plan:end recon -->

- Sinks report I/O errors through \`SinkError::error_io\` (\`$cited:$error_io-$((error_io + 2))\`).
- A sink receives each match (\`$cited:$matched-$((matched + 4))\`).

## H) PR Plan

### PR1 — Start

- Motivation: a start.

### PR2 — Next

- Motivation: more.

## I) Dependency DAG

- PR1 -> PR2
EOF

# 1. A built plan, committed.
"$plan" build -q >/dev/null
g add -A && g commit -q -m "ripgrep with a plan"
if check -q >/dev/null; then pass "1 a committed, built plan checks clean"; else fail "1 a committed, built plan fails plan check"; fi

# 2. An unrelated package: a warning and a diff, exit 0.
add_package() {
  mkdir -p "crates/$1/src"
  printf '[package]\nname = "%s"\nversion = "0.1.0"\n' "$1" >"crates/$1/Cargo.toml"
  printf 'fn main() {\n    println!("%s");\n}\n' "$1" >"crates/$1/src/main.rs"
}
add_package extra
out=$(check 2>&1); code=$?
if [ $code -eq 0 ] && grep -q 'warning\[PLAN074\]' <<<"$out" && grep -q '^+++ b/PLAN.md' <<<"$out"; then
  pass "2 an unrelated file: exit 0 with PLAN074 and a diff"
else
  fail "2 an unrelated file: exit $code"; echo "$out" | head -20
fi
rm -rf crates/extra

# 3. Merge skew: two branches, each adding an unrelated package, merged.
g checkout -q -b one && add_package one && g add -A && g commit -q -m one
one=$(check -q >/dev/null; echo $?)
g checkout -q main && g checkout -q -b two && add_package two && g add -A && g commit -q -m two
two=$(check -q >/dev/null; echo $?)
g checkout -q main && g merge -q --no-edit one && g merge -q --no-edit two
merged=$(check -q >/dev/null; echo $?)
if [ "$one$two$merged" = 000 ]; then pass "3 two passing branches merge into a passing main"; else fail "3 merge skew: branch one $one, branch two $two, main $merged"; fi

# 4. Cited code moved, no rebuild: exit 1, one diagnostic per moved citation, a diff.
{ printf '// moved\n// down\n// three lines\n'; g show HEAD:"$cited"; } >"$cited"
out=$(check -q 2>&1); code=$?
moved=$(grep -c '^error\[PLAN063\]' <<<"$out" || true)
if [ $code -eq 1 ] && [ "$moved" -eq 2 ] && grep -q "^+- Sinks report .*$cited:$((error_io + 3))-" <<<"$out"; then
  pass "4 moved code: exit 1, 2 PLAN063 errors and a diff"
else
  fail "4 moved code: exit $code, $moved PLAN063"; echo "$out" | head -30
fi

# 5. PLAN.lock lost after the move: the build follows the code from git history.
rm PLAN.lock
out=$("$plan" build 2>&1)
if grep -q 'no PLAN.lock: anchored 2 of 2 citations as they were when written' <<<"$out" \
  && grep -q "(\`$cited:$((error_io + 3))-$((error_io + 5))\`)" PLAN.md; then
  pass "5 a lost lock: the build followed the moved code and said so"
else
  fail "5 a lost lock"; echo "$out" | head; grep -n "$cited" PLAN.md
fi
g add -A && g commit -q -m "code moved, plan rebuilt"

# 6–8 under plan watch.
"$plan" watch --debounce 50 2>"$log" >/dev/null &
watch_pid=$!
wait_log "initial build" || fail "6 the watch did not start"
start=$(grep -n 'fn error_io(' "$cited" | head -1 | cut -d: -f1)
cp "$cited" "$work/sink.rs"
writes=$(count "wrote the plan")
sed "${start},$((start + 2))d" "$work/sink.rs" >"$cited"
sleep 0.5
cp "$work/sink.rs" "$cited"
# Settled: the restore was applied (a rebuild after it) and the watch is quiet.
wait_log "wrote the plan\|plan unchanged" "$writes"
sleep 1
stale_seen=$(grep -c '+ PLAN.md.*PLAN061' "$log" || true)
if [ "$(grep -c UNVERIFIED PLAN.md || true)" -eq 0 ]; then pass "6 a cited function deleted and restored: no UNVERIFIED left (PLAN061 reported meanwhile: $stale_seen)"; else fail "6 UNVERIFIED left:"; grep -n UNVERIFIED PLAN.md; fi

cp PLAN.md "$work/PLAN.md"
rm PLAN.md
wait_log "waiting for it" && echo "// touched" >>crates/one/src/main.rs
sleep 0.3
cp "$work/PLAN.md" PLAN.md
if wait_log "plan back" && kill -0 "$watch_pid" 2>/dev/null; then pass "7 the plan removed and restored: the watch goes on"; else fail "7 the watch did not go on"; tail "$log"; fi

sed -i 's/^- PR1 -> PR2$/- PR1 -> PR2\n- PR2 -> PR1/' PLAN.md
if wait_log "error\[PLAN040\]"; then pass "8 a cycle typed into I: the watch printed $(grep -m1 'PLAN040' "$log" | sed 's/^ *//')"; else fail "8 no PLAN040"; tail "$log"; fi

kill -INT "$watch_pid"; wait "$watch_pid" 2>/dev/null; watch_pid=""
exit $failed
