#!/usr/bin/env bash
# Times, on the same tree and in one run, `ctags -R`, `git status`, `plan build` cold (no
# .plan cache) and `plan build` warm (a no-op build after one that wrote nothing: the fact
# cache and the build stamp in place), with hyperfine, and prints the ratios
# the speed targets are stated in. Installs hyperfine from Debian's packages if missing.
#
# Usage: scripts/bench-compare.sh REPO [PLAN_BINARY]
#   REPO needs a PLAN.md (scripts/gen-monorepo.py writes one) and should be a git work
#   tree for `git status` (a generated tree is made one here).
set -euo pipefail
repo=$(cd "${1:?usage: bench-compare.sh REPO [PLAN_BINARY]}" && pwd)
plan=$(realpath "${2:-target/release/plan}")
runs=${RUNS:-5}

if ! command -v hyperfine >/dev/null; then
  echo "installing hyperfine (Debian package)" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine >/dev/null
fi
command -v ctags >/dev/null || { echo "needs Universal Ctags (apt-get install universal-ctags)" >&2; exit 2; }
# `git status` on a tree with nothing committed measures nothing: commit the tree first.
if ! git -C "$repo" rev-parse -q --verify HEAD >/dev/null 2>&1; then
  git -C "$repo" init -q && git -C "$repo" add -A && git -C "$repo" -c user.email=b@b -c user.name=b commit -qm tree
fi

json=$(mktemp)
tags=$(mktemp)
trap 'rm -f "$json" "$tags"' EXIT
# The tags file goes outside the tree: inside, it would change what `plan` sees. One
# --prepare per command, in order (a single one would apply to every command).
"$plan" --root "$repo" build -q >/dev/null || true
hyperfine --warmup 1 --runs "$runs" --export-json "$json" \
  --prepare true --prepare true --prepare "rm -rf '$repo/.plan'" --prepare true \
  -n "ctags -R" "cd '$repo' && ctags -R -f '$tags' ." \
  -n "git status" "git -C '$repo' status --porcelain >/dev/null" \
  -n "plan build cold" "'$plan' --root '$repo' build -q >/dev/null || true" \
  -n "plan build warm" "'$plan' --root '$repo' build -q >/dev/null || true" >&2

python3 - "$json" <<'PY'
import json, sys
results = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
ctags, git = results["ctags -R"], results["git status"]
cold, warm = results["plan build cold"], results["plan build warm"]
print(f"medians: ctags -R {ctags:.3f}s, git status {git:.3f}s, plan build cold {cold:.3f}s, warm {warm:.3f}s")
print(f"cold / ctags -R = {cold / ctags:.2f}   (target: at most 2)")
print(f"warm / git status = {warm / git:.2f}   (target: at most 2)")
print(f"ctags -R / warm = {ctags / warm:.2f}   (target: at least 20)")
PY
