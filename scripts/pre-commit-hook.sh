#!/usr/bin/env bash
# The entry of the pre-commit hooks in .pre-commit-hooks.yaml: runs `plan ARGS...` in the
# repository being committed. Uses the `plan` built from this checkout of the hook's
# repository (built once with `cargo build --release --locked`, then reused), so the
# hook's `rev` pins the version; PLAN_BIN overrides it (e.g. PLAN_BIN=plan for one on PATH).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
plan="${PLAN_BIN:-$here/target/release/plan}"
if [[ -z "${PLAN_BIN:-}" && ! -x "$plan" ]]; then
    echo "plan: building the hook's binary once (cargo build --release --locked)..." >&2
    cargo build --quiet --release --locked -p plan-cli --manifest-path "$here/Cargo.toml" >&2
fi
exec "$plan" "$@"
