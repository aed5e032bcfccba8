#!/usr/bin/env bash
# Runs the fuzz harnesses (`crates/queries/src/fuzz.rs`: mutated plans, locks and sources
# through every reader, rule, renderer and `plan build`) for MINUTES, in batches of
# BATCH seeds from a random start, each batch under a time limit of 5 s per seed. Prints
# each batch's seeds and result; a failing batch names its seed (replay it with
# `PLAN_FUZZ_SEED=N PLAN_FUZZ_ITERATIONS=1 cargo test -p plan-queries fuzz`). Exit 1 if
# any batch panicked or ran over its limit.
#
# Usage: scripts/fuzz.sh [MINUTES] [BATCH] [PROFILE]   (PROFILE: dev (default) or release)
set -uo pipefail
minutes=${1:-60}
batch=${2:-200}
profile=${3:-dev}
flags=()
[ "$profile" = release ] && flags=(--release)
cargo test -q "${flags[@]}" -p plan-queries --lib fuzz --no-run >/dev/null 2>&1 || { echo "build failed" >&2; exit 2; }
deadline=$(( $(date +%s) + minutes * 60 ))
seed=$(( (RANDOM << 15 | RANDOM) * 1000 ))
failures=0
batches=0
while [ "$(date +%s)" -lt "$deadline" ]; do
    log=$(mktemp)
    if PLAN_FUZZ_SEED=$seed PLAN_FUZZ_ITERATIONS=$batch timeout $(( batch * 5 )) \
        cargo test -q "${flags[@]}" -p plan-queries --lib fuzz >"$log" 2>&1; then
        echo "seeds $seed..$(( seed + batch )): ok"
    else
        status=$?
        failures=$(( failures + 1 ))
        echo "seeds $seed..$(( seed + batch )): FAILED (exit $status; 124 is over the time limit)"
        grep -E "seed [0-9]+ panicked|panicked at" "$log" | head -5
    fi
    rm -f "$log"
    batches=$(( batches + 1 ))
    seed=$(( seed + batch ))
done
echo "$batches batches of $batch seeds (x3 targets, x8 languages for sources): $failures failed"
[ "$failures" -eq 0 ]
