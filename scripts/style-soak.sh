#!/usr/bin/env bash
# style-soak.sh — the style-invariance property test over many more renderings than the
# test suite runs: one plan model written in random combinations of Markdown styles must
# parse to one model and one set of diagnostics (crates/queries/src/plan/tests/styles.rs).
#
# Usage: scripts/style-soak.sh [CASES]     (default 100000 per variant; release build)
# A failure prints the seed, the style and the plan; the seed replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-100000}
echo "style soak: $cases renderings per variant (valid and broken plans)" >&2
start=$(date +%s)
PLAN_STYLE_CASES=$cases cargo test -q --release -p plan-queries any_style -- --nocapture
echo "style soak: passed in $(( $(date +%s) - start )) s" >&2
