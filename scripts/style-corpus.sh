#!/usr/bin/env bash
# style-corpus.sh — run `plan` over an outside corpus of design plans written in many styles.
#
# Usage: scripts/style-corpus.sh CORPUS_DIR CHECKOUTS_DIR [PLAN_BINARY]
#
#   CORPUS_DIR     holds MANIFEST.tsv and the plans (paths in the manifest are relative to it).
#   CHECKOUTS_DIR  holds one checkout per repository, named after the manifest's first column.
#   PLAN_BINARY    the `plan` binary to measure (default: `plan` on PATH).
#
# MANIFEST.tsv columns (tab-separated, one plan per line, `#` lines ignored):
#   repo-name  fetch-source  commit  plan-file  n-PRs  edges(PRa->PRb,...)  style description
#
# For each plan: a private copy of the checkout is made at the manifest's commit (a shared
# `git clone`, or a plain copy when the checkout is not a git repository), the plan is copied in
# as PLAN.md, then `plan build -q`, `plan check --format json` and `plan dag --format json` run.
# One summary line is printed per plan, then totals. Requires bash, git and jq.
# Exit status: 0 when every plan was processed (whatever the diagnostics), 2 on usage errors.

set -uo pipefail

usage() {
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

[[ $# -ge 2 && $# -le 3 ]] || usage
corpus=$(cd "$1" 2>/dev/null && pwd) || { echo "no corpus directory: $1" >&2; exit 2; }
checkouts=$(cd "$2" 2>/dev/null && pwd) || { echo "no checkouts directory: $2" >&2; exit 2; }
plan_bin=${3:-plan}
if [[ $plan_bin == */* ]]; then
	plan_bin=$(cd "$(dirname "$plan_bin")" && pwd)/$(basename "$plan_bin")
fi
command -v "$plan_bin" >/dev/null 2>&1 || { echo "plan binary not found: $plan_bin" >&2; exit 2; }
command -v jq >/dev/null 2>&1 || { echo "jq is required" >&2; exit 2; }
manifest=$corpus/MANIFEST.tsv
[[ -f $manifest ]] || { echo "no MANIFEST.tsv in $corpus" >&2; exit 2; }

step_timeout=${STYLE_CORPUS_TIMEOUT:-300}
work=$(mktemp -d "${TMPDIR:-/tmp}/style-corpus.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Normalise "PR0->PR2, PR1 -> PR2" into sorted lines "0 2".
edges_to_lines() {
	tr ',' '\n' <<<"$1" | sed -E 's/[[:space:]]//g' | grep -E '^PR[0-9]+->PR[0-9]+$' \
		| sed -E 's/^PR([0-9]+)->PR([0-9]+)$/\1 \2/' | sort -u
}
# "0 2" lines back into "PR0->PR2,..."
lines_to_edges() {
	awk 'NF==2 {printf "%sPR%s->PR%s", (n++ ? "," : ""), $1, $2} END {print ""}'
}

total_plans=0 total_errors=0 total_warnings=0 total_failed=0
total_prs_int=0 total_prs_rec=0 total_edges_int=0 total_edges_ok=0 total_edges_extra=0
exact_prs=0 exact_edges=0 clean_plans=0
all_codes=$work/all-codes.txt
: >"$all_codes"

printf '# plan binary: %s (%s)\n' "$plan_bin" "$("$plan_bin" --version 2>/dev/null || echo '?')"
printf '# corpus: %s   checkouts: %s\n' "$corpus" "$checkouts"

while IFS=$'\t' read -r repo source commit plan_file n_prs edges style || [[ -n ${repo:-} ]]; do
	[[ -z ${repo:-} || $repo == \#* ]] && continue
	total_plans=$((total_plans + 1))
	label="$plan_file"
	src_checkout=$checkouts/$repo
	plan_path=$corpus/$plan_file
	case_dir=$work/case-$total_plans
	root=$case_dir/repo

	if [[ ! -f $plan_path ]]; then
		printf '%-55s FAILED: plan file missing\n' "$label"
		total_failed=$((total_failed + 1))
		continue
	fi
	if [[ ! -d $src_checkout ]]; then
		printf '%-55s FAILED: no checkout %s\n' "$label" "$src_checkout"
		total_failed=$((total_failed + 1))
		continue
	fi
	mkdir -p "$case_dir"

	# A private copy of the repository at the recorded commit.
	if git -C "$src_checkout" rev-parse --git-dir >/dev/null 2>&1; then
		if ! git clone -q --shared --no-checkout "$src_checkout" "$root" 2>"$case_dir/clone.err" \
			|| ! git -C "$root" -c advice.detachedHead=false checkout -q "${commit:-HEAD}" 2>>"$case_dir/clone.err"; then
			printf '%-55s FAILED: cannot check out %s at %s (%s)\n' "$label" "$repo" "${commit:-HEAD}" \
				"$(head -c 200 "$case_dir/clone.err" | tr '\n' ' ')"
			total_failed=$((total_failed + 1))
			continue
		fi
	else
		cp -a "$src_checkout" "$root"
	fi
	cp "$plan_path" "$root/PLAN.md"

	(cd "$root" && timeout "$step_timeout" "$plan_bin" --root "$root" build -q) \
		>"$case_dir/build.out" 2>"$case_dir/build.err"
	build_rc=$?
	(cd "$root" && timeout "$step_timeout" "$plan_bin" --root "$root" check --format json) \
		>"$case_dir/check.json" 2>"$case_dir/check.err"
	check_rc=$?
	(cd "$root" && timeout "$step_timeout" "$plan_bin" --root "$root" dag --format json) \
		>"$case_dir/dag.json" 2>"$case_dir/dag.err"
	dag_rc=$?

	if ! jq -e . "$case_dir/check.json" >/dev/null 2>&1; then
		printf '%-55s FAILED: check produced no JSON (rc=%s): %s\n' "$label" "$check_rc" \
			"$(head -c 200 "$case_dir/check.err" | tr '\n' ' ')"
		total_failed=$((total_failed + 1))
		continue
	fi

	errors=$(jq '.summary.errors // ([.diagnostics[]? | select(.severity == "error")] | length)' "$case_dir/check.json")
	warnings=$(jq '.summary.warnings // ([.diagnostics[]? | select(.severity == "warning")] | length)' "$case_dir/check.json")
	jq -r '.diagnostics[]? | .code' "$case_dir/check.json" >>"$all_codes"
	codes=$(jq -r '[.diagnostics[]? | .code] | group_by(.) | map("\(.[0])x\(length)") | join(",")' "$case_dir/check.json")
	[[ -z $codes ]] && codes=-

	# PRs and edges recognised by `plan dag`.
	if jq -e . "$case_dir/dag.json" >/dev/null 2>&1; then
		prs_rec=$(jq '[.prs[]?] | length' "$case_dir/dag.json")
		jq -r '.edges[]? | "\(.from) \(.to)"' "$case_dir/dag.json" | sort -u >"$case_dir/edges.rec"
		cycles=$(jq '[.cycles[]?] | length' "$case_dir/dag.json")
	else
		prs_rec=0
		: >"$case_dir/edges.rec"
		cycles=?
	fi
	edges_to_lines "${edges:-}" >"$case_dir/edges.int"
	n_edges_int=$(wc -l <"$case_dir/edges.int" | tr -d ' ')
	n_edges_rec=$(wc -l <"$case_dir/edges.rec" | tr -d ' ')
	n_edges_ok=$(comm -12 "$case_dir/edges.int" "$case_dir/edges.rec" | wc -l | tr -d ' ')
	missing=$(comm -23 "$case_dir/edges.int" "$case_dir/edges.rec" | lines_to_edges)
	extra=$(comm -13 "$case_dir/edges.int" "$case_dir/edges.rec" | lines_to_edges)
	n_extra=$((n_edges_rec - n_edges_ok))

	n_prs=${n_prs:-0}
	printf '%-55s errors=%-3s warnings=%-3s prs=%s/%s edges=%s/%s' \
		"$label" "$errors" "$warnings" "$prs_rec" "$n_prs" "$n_edges_ok" "$n_edges_int"
	[[ -n $missing ]] && printf ' missing=%s' "$missing"
	[[ -n $extra ]] && printf ' extra=%s' "$extra"
	[[ $cycles != 0 ]] && printf ' cycles=%s' "$cycles"
	printf ' build_rc=%s codes=%s\n' "$build_rc" "$codes"
	[[ $dag_rc -gt 1 ]] && printf '    (plan dag exited %s: %s)\n' "$dag_rc" "$(head -c 200 "$case_dir/dag.err" | tr '\n' ' ')"

	total_errors=$((total_errors + errors))
	total_warnings=$((total_warnings + warnings))
	total_prs_int=$((total_prs_int + n_prs))
	total_prs_rec=$((total_prs_rec + prs_rec))
	total_edges_int=$((total_edges_int + n_edges_int))
	total_edges_ok=$((total_edges_ok + n_edges_ok))
	total_edges_extra=$((total_edges_extra + n_extra))
	[[ $prs_rec -eq $n_prs ]] && exact_prs=$((exact_prs + 1))
	[[ $n_edges_ok -eq $n_edges_int && $n_extra -eq 0 ]] && exact_edges=$((exact_edges + 1))
	[[ $errors -eq 0 ]] && clean_plans=$((clean_plans + 1))
done <"$manifest"

echo
echo "TOTALS"
printf '  plans: %s (failed to run: %s, without errors: %s)\n' "$total_plans" "$total_failed" "$clean_plans"
printf '  diagnostics: %s errors, %s warnings\n' "$total_errors" "$total_warnings"
printf '  PRs recognized: %s/%s (plans with exact PR count: %s)\n' "$total_prs_rec" "$total_prs_int" "$exact_prs"
printf '  edges recognized: %s/%s intended, %s extra (plans with exact edge set: %s)\n' \
	"$total_edges_ok" "$total_edges_int" "$total_edges_extra" "$exact_edges"
printf '  codes:'
if [[ -s $all_codes ]]; then
	sort "$all_codes" | uniq -c | sort -rn -k1,1 -k2,2 | awk '{printf " %sx%s", $2, $1}'
else
	printf ' -'
fi
echo
