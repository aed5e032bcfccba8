#!/usr/bin/env bash
# Runs the fuzz harnesses (`crates/queries/src/fuzz.rs`: mutated plans, locks and sources
# through every reader, rule, renderer and `plan build`) for MINUTES, in batches of
# BATCH seeds from a random start. Each input runs under a limit of LIMIT_MS (default
# 5000 ms of CPU time: `PLAN_FUZZ_LIMIT_MS`, a panic naming the seed when over), each batch under
# BATCH * 5 s. The test binary is built once and copied, so that editing the sources
# during a long run changes nothing. Prints each batch's seeds and result; a failing
# batch names its seed (replay it with
# `PLAN_FUZZ_SEED=N PLAN_FUZZ_ITERATIONS=1 cargo test -p plan-queries fuzz`). Exit 1 if
# any batch panicked or ran over its limit.
#
# Usage: scripts/fuzz.sh [MINUTES] [BATCH] [PROFILE] [LIMIT_MS]   (PROFILE: dev (default) or release)
set -uo pipefail
minutes=${1:-60}
batch=${2:-200}
profile=${3:-dev}
limit_ms=${4:-5000}
flags=()
[ "$profile" = release ] && flags=(--release)
built=$(cargo test -q "${flags[@]}" -p plan-queries --lib --no-run --message-format=json 2>/dev/null |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -n "$built" ] || { echo "build failed" >&2; exit 2; }
bin=$(mktemp /tmp/plan-fuzz-bin.XXXXXX)
cp "$built" "$bin" && chmod +x "$bin"
trap 'rm -f "$bin"' EXIT
deadline=$(( $(date +%s) + minutes * 60 ))
seed=$(( (RANDOM << 15 | RANDOM) * 1000 ))
failures=0
batches=0
while [ "$(date +%s)" -lt "$deadline" ]; do
    log=$(mktemp)
    if PLAN_FUZZ_SEED=$seed PLAN_FUZZ_ITERATIONS=$batch PLAN_FUZZ_LIMIT_MS=$limit_ms \
        timeout $(( batch * 5 )) "$bin" -q fuzz >"$log" 2>&1; then
        echo "seeds $seed..$(( seed + batch )): ok"
    else
        status=$?
        failures=$(( failures + 1 ))
        echo "seeds $seed..$(( seed + batch )): FAILED (exit $status; 124 is over the batch's time limit)"
        grep -E "seed [0-9]+ (panicked|ran)|panicked at" "$log" | head -5
    fi
    rm -f "$log"
    batches=$(( batches + 1 ))
    seed=$(( seed + batch ))
done
echo "$batches batches of $batch seeds (x3 targets: plans, locks, sources x8 languages), limit $limit_ms ms per input: $failures failed"
[ "$failures" -eq 0 ]
