#!/usr/bin/env bash
# Exercises .pre-commit-hooks.yaml with `pre-commit try-repo` on a scratch repository made
# from the valid fixture plan: plan-check passes on a built plan and fails once cited code
# moved; plan-build then rewrites the plan (pre-commit fails the hook: files were
# modified) and plan-check passes again.
# Usage: scripts/test-pre-commit.sh   (needs pre-commit and git; PLAN_BIN=target/debug/plan
# skips the hook's own release build)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
out="$(mktemp)"
trap 'rm -rf "$scratch" "$out"' EXIT
cd "$scratch"
git init -q . && git config user.email t@example.com && git config user.name test
cp "$here/crates/queries/fixtures/plans/valid.md" PLAN.md
for path in crates/engine/src/db.rs crates/engine/src/inputs.rs crates/cli/src/args.rs crates/queries/src/symbols.rs; do
    mkdir -p "$(dirname "$path")"
    for line in $(seq 1 200); do echo "// $path line $line"; done > "$path"
done
"${PLAN_BIN:-$here/scripts/pre-commit-hook.sh}" build -q >/dev/null
git add -A && git commit -q -m plan

hook() { pre-commit try-repo "$here" "$1" --all-files >"$out" 2>&1; }
hook plan-check || { cat "$out"; echo "FAIL: plan-check on a built plan"; exit 1; }
# Cited code moves down two lines: the plan is out of date.
sed -i '1i // new line\n// another' crates/engine/src/db.rs && git add -A
if hook plan-check; then cat "$out"; echo "FAIL: plan-check passed on moved code"; exit 1; fi
if hook plan-build; then cat "$out"; echo "FAIL: plan-build rewrote nothing"; exit 1; fi
grep -q "files were modified by this hook" "$out" || { cat "$out"; exit 1; }
git add -A
hook plan-check || { cat "$out"; echo "FAIL: plan-check after plan-build"; exit 1; }
echo "pre-commit hooks: ok"
