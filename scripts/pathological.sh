#!/usr/bin/env bash
# Times `plan check` on pathological plans and `plan symbols` on deeply nested sources at
# growing sizes, and prints seconds per MB (flat means linear): nested list markers
# (`- - - … x`), nested ordered lists, one line of thousands of citations, one line of
# links, and 1k-50k nested definitions per language.
#
# Usage: scripts/pathological.sh [PLAN_BINARY]   (default target/release/plan)
set -euo pipefail
plan=$(realpath "${1:-target/release/plan}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
def plan(name, body):
    os.makedirs(f"{work}/{name}", exist_ok=True)
    open(f"{work}/{name}/PLAN.md", "w").write("# Plan\n\n## A) Executive Summary\n\n" + body)
def source(name, file, text):
    os.makedirs(f"{work}/{name}", exist_ok=True)
    open(f"{work}/{name}/{file}", "w").write(text)
for kb in (100, 1000, 10000):
    n = kb * 1024
    plan(f"md-inline-{kb}k", "- " * (n // 2) + "x\n")
    plan(f"md-ordered-{kb}k", "1. " * (n // 3) + "x\n")
    plan(f"md-cites-{kb}k", " ".join(f"`src/a.rs:{i}`" for i in range(1, n // 16)) + "\n")
    plan(f"md-links-{kb}k", " ".join(f"[a](src/a.rs#L{i})" for i in range(1, n // 20)) + "\n")
for depth in (1000, 10000, 50000):
    source(f"nest-rust-{depth}", "a.rs", "".join(f"mod m{i} {{\n" for i in range(depth)) + "}\n" * depth)
    source(f"nest-cpp-{depth}", "a.cpp", "".join(f"namespace n{i} {{\n" for i in range(depth)) + "}\n" * depth)
    source(f"nest-java-{depth}", "A.java", "".join(f"class C{i} {{\n" for i in range(depth)) + "}\n" * depth)
    source(f"nest-js-{depth}", "a.js", "".join(f"function f{i}() {{\n" for i in range(depth)) + "}\n" * depth)
PY
printf '%-22s %10s %9s %9s\n' case bytes seconds 's/MB'
for dir in $(ls "$work" | sort -V); do
    case $dir in
        md-*) args=(check --no-cache --format json) ;;
        *) args=(symbols --no-cache) ;;
    esac
    bytes=$(du -sb "$work/$dir" | cut -f1)
    start=$(date +%s.%N)
    timeout 120 "$plan" --root "$work/$dir" "${args[@]}" >/dev/null 2>&1 || true
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    printf '%-22s %10d %9.3f %9.3f\n' "$dir" "$bytes" "$seconds" "$(echo "$seconds * 1048576 / $bytes" | bc -l)"
done
