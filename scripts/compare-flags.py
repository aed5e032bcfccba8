#!/usr/bin/env python3
"""Compare the flag surface `plan recon` finds with a program's real flags.

Usage: scripts/compare-flags.py REPO HELP_FILE [--plan target/release/plan] [--show]

HELP_FILE holds the program's `--help` output or man page (roff escapes are handled).
Flags are compared as bare names (`cpus` for `--cpus` or Go's `-cpus`). Flags declared in tests,
docs and examples are left out of plan's side. Prints recall (real flags plan found) and
precision (plan's flags that are real).
"""

import argparse
import json
import os
import re
import subprocess

PERIPHERAL = re.compile(r"(^|/)(tests?|testdata|docs?|examples?|benches|fixtures|vendor|node_modules)/|(^|/)test_|_test\.|\.test\.|\.spec\.")


def help_flags(text):
    """Flags defined by the help or man text: only lines that define options (a roff `.B`,
    `.TP` or `.IP` line, or a help line starting with a dash after its indentation), so
    that examples (`fd -td`) and synopsis bundles (`[-HIEsiaLp0hV]`) are not counted."""
    text = text.replace("\\-", "-").replace("\\(hy", "-")
    text = re.sub(r"\\f[BRIP]", "", text)
    flags = set()
    for line in text.splitlines():
        stripped = re.sub(r"^\.(B|BR|BI|TP|IP|It Fl)\s*", "", line).strip()
        if not stripped.startswith("-"):
            continue
        # The option names come before the description: stop at two spaces or a tab.
        head = re.split(r"\s{2,}|\t", stripped)[0]
        for match in re.finditer(r"(?<![\w/.-])(-{1,2}[A-Za-z0-9][\w-]*)", head):
            flags.add(bare(match.group(1)))
    return flags


def bare(name):
    """A flag's name without dashes: Go and some argparse programs use `-name` for long
    flags, so `--cpus` and `-cpus` are the same flag."""
    return name.lstrip("-")


def plan_flags(repo, plan, visible_only):
    out = subprocess.run([plan, "--root", repo, "-q", "recon", "--format", "json"], capture_output=True, text=True, check=True).stdout
    flags = {}
    for flag in json.loads(out)["flags"]:
        # Hidden flags are left out of `--help` on purpose (man pages may list them).
        if PERIPHERAL.search(flag["path"]) or (visible_only and flag.get("hidden")):
            continue
        where = f"{flag['path']}:{flag['line']}"
        for name in (flag["long"], flag["short"]):
            if name:
                flags.setdefault(name, []).append(where)
    return flags


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("help_file")
    parser.add_argument("--plan", default=os.path.abspath("target/release/plan"))
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--visible-only", action="store_true", help="leave out flags declared hidden (for --help text)")
    parser.add_argument("--under", default="", help="only flags declared below this directory (the program's own code)")
    args = parser.parse_args()
    with open(args.help_file, encoding="utf-8") as handle:
        truth = help_flags(handle.read())
    found = {name: [w for w in wheres if w.startswith(args.under)] for name, wheres in plan_flags(args.repo, args.plan, args.visible_only).items()}
    found = {name: wheres[0] for name, wheres in found.items() if wheres}
    hits = truth & set(found)
    recall = len(hits) / len(truth) if truth else float("nan")
    precision = len(hits) / len(found) if found else float("nan")
    print(f"{os.path.basename(os.path.normpath(args.repo))}: real {len(truth)}, found {len(found)}, "
          f"recall {recall:.1%} ({len(hits)}/{len(truth)}), precision {precision:.1%} ({len(hits)}/{len(found)})")
    if args.show:
        for flag in sorted(truth - set(found)):
            print(f"  missed: {flag}")
        for flag in sorted(set(found) - truth):
            print(f"  not in help: {flag} ({found[flag]})")


if __name__ == "__main__":
    main()
